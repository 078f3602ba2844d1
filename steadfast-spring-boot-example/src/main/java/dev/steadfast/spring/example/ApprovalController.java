package dev.steadfast.spring.example;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.steadfast.error.NoSuchRunException;
import dev.steadfast.examples.approval.Approval;
import dev.steadfast.examples.approval.ApprovalWorkflow;
import dev.steadfast.examples.approval.Outcome;
import dev.steadfast.examples.approval.Request;
import dev.steadfast.message.Messages;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunQuery;
import dev.steadfast.run.RunStatus;
import dev.steadfast.workflow.WorkflowEngine;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The approval workflow over HTTP, a thin layer over the engine bean:
 * <pre>
 * POST /approvals                 {"id": optional, "text": "..."}  starts a run (idempotent per id)
 * GET  /approvals/pending         the runs waiting for a reviewer
 * POST /approvals/{id}/approve    {"reason": "..."}
 * POST /approvals/{id}/reject     {"reason": "..."}
 * GET  /approvals/{id}            the run's status, and its outcome once it ended
 * </pre>
 */
@RestController
@RequestMapping("/approvals")
public class ApprovalController {
    private static final String TYPE = "ApprovalWorkflow";

    private final WorkflowEngine engine;

    public ApprovalController(WorkflowEngine engine) {
        this.engine = engine;
    }

    /** What to approve. */
    public record StartRequest(String id, String text) {}

    /** A reviewer's reason. */
    public record Decision(String reason) {}

    /** A run waiting for a reviewer. */
    public record Pending(String id, String request, Instant createdAt) {}

    /** A run's state: {@code outcome} once it completed, {@code error} if it failed. */
    public record Status(String id, RunStatus status, Outcome outcome, String error) {}

    @PostMapping
    public ResponseEntity<Status> start(@RequestBody StartRequest body) {
        if (body == null || body.text() == null || body.text().isBlank()) {
            throw new IllegalArgumentException("'text' is required: what should be approved?");
        }
        String id = body.id() == null || body.id().isBlank() ? "approval-" + UUID.randomUUID() : body.id();
        engine.start(ApprovalWorkflow.class, id, new Request(body.text()));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(status(id));
    }

    @GetMapping("/pending")
    public List<Pending> pending() {
        return engine
                .list(RunQuery.all()
                        .withType(TYPE)
                        .withStatus(RunStatus.WAITING)
                        .withLimit(1000))
                .stream()
                .filter(r -> r.awaitingSignals().contains(ApprovalWorkflow.APPROVAL_SIGNAL))
                .map(r -> new Pending(r.workflowId(), r.input().path("text").asText(), r.createdAt()))
                .toList();
    }

    @PostMapping("/{id}/approve")
    public Status approve(@PathVariable String id, @RequestBody(required = false) Decision body) {
        return decide(id, Approval.approve(body == null ? "" : body.reason()));
    }

    @PostMapping("/{id}/reject")
    public Status reject(@PathVariable String id, @RequestBody(required = false) Decision body) {
        return decide(id, Approval.reject(body == null ? "" : body.reason()));
    }

    @GetMapping("/{id}")
    public Status status(@PathVariable String id) {
        RunInfo r = engine.describe(id);
        if (!r.workflowType().equals(TYPE)) {
            throw new NoSuchRunException(id, "the approvals");
        }
        Outcome outcome = null;
        if (r.status() == RunStatus.COMPLETED) {
            try {
                outcome = Messages.mapper().treeToValue(r.output(), Outcome.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("run " + id + " recorded an output that is not an Outcome", e);
            }
        }
        return new Status(
                id, r.status(), outcome, r.error() == null ? null : r.error().summary());
    }

    private Status decide(String id, Approval decision) {
        RunInfo r = engine.describe(id);
        if (!r.awaitingSignals().contains(ApprovalWorkflow.APPROVAL_SIGNAL)) {
            throw new IllegalStateException("run " + id + " is " + r.status() + " and waits for no approval");
        }
        engine.signal(id, ApprovalWorkflow.APPROVAL_SIGNAL, decision);
        return status(id);
    }

    @ExceptionHandler(NoSuchRunException.class)
    ResponseEntity<Map<String, String>> notFound(NoSuchRunException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<Map<String, String>> conflict(IllegalStateException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage()));
    }
}

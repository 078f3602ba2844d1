package dev.steadfast.cli.internal.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.steadfast.cli.internal.Json;
import dev.steadfast.error.DecisionConflictException;
import dev.steadfast.error.NoSuchRunException;
import dev.steadfast.message.Messages;
import dev.steadfast.run.ApprovalDecision;
import dev.steadfast.run.Decision;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunQuery;
import dev.steadfast.run.RunStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The console's JSON API over {@link dev.steadfast.workflow.WorkflowEngine}:
 * <pre>
 * GET  /api/session                     where, read-only reason, CSRF token
 * GET  /api/runs?status=A,B&amp;q=text&amp;limit=n   run summaries, newest first
 * GET  /api/runs/{id}                   the run and its steps
 * GET  /api/runs/{id}/events?cursor=c   its events as server-sent events, live while a step streams
 * POST /api/runs/{id}/approve           {"toolCallId": ..., "args": {...}?}
 * POST /api/runs/{id}/complete          {"toolCallId": ..., "result": ...} or {"toolCallId": ..., "failed": "..."}
 * POST /api/runs/{id}/deny              {"toolCallId": ..., "reason": ...}
 * POST /api/runs/{id}/cancel            {}
 * POST /api/runs/{id}/fork              {"fromSeq": n, "newId": optional}
 * POST /api/runs/{id}/signal            {"name": ..., "payload": ...}
 * POST /api/start                       {"type": ..., "id": ..., "input": ...}: a run of a registered workflow or agent
 * </pre>
 * A body is one JSON object: an empty one, or text after the object, is answered 400; over 64 KiB, 413.
 * Decisions are recorded once: a repeat says "already recorded", a different second one is answered 409
 * naming the first.
 */
final class ConsoleApi {
    private static final ObjectMapper JSON = Messages.mapper();
    private static final int MAX_BODY = 64 * 1024;

    private final dev.steadfast.workflow.WorkflowEngine engine;
    private final String readOnlyReason;
    private final String where;
    private final String csrf;
    private final List<String> types;
    private final RunEventsStream events;

    ConsoleApi(dev.steadfast.workflow.WorkflowEngine engine, ConsoleServer.Settings s, String csrf) {
        this(engine, s, csrf, new RunEventsStream());
    }

    ConsoleApi(
            dev.steadfast.workflow.WorkflowEngine engine,
            ConsoleServer.Settings s,
            String csrf,
            RunEventsStream events) {
        this.engine = engine;
        this.events = events;
        this.readOnlyReason = s.readOnlyReason();
        this.where = s.where();
        this.csrf = csrf;
        this.types = s.workflowTypes();
    }

    /** A request body over {@link #MAX_BODY}: answered 413. */
    static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("the request body is over " + MAX_BODY + " bytes; send less (a signal or input of at most 64 KiB)");
        }
    }

    void handle(HttpExchange ex) throws IOException {
        List<String> path = segments(ex.getRequestURI().getRawPath());
        boolean post = ex.getRequestMethod().equals("POST");
        try {
            if (path.equals(List.of("api", "session")) && !post) {
                ObjectNode s = JSON.createObjectNode()
                        .put("where", where)
                        .put("csrf", csrf)
                        .put("readOnly", readOnlyReason);
                s.set("types", JSON.valueToTree(types));
                ok(ex, s);
            } else if (path.equals(List.of("api", "runs")) && !post) {
                ok(ex, runs(query(ex.getRequestURI().getRawQuery())));
            } else if (path.size() == 4
                    && path.get(1).equals("runs")
                    && path.get(3).equals("events")
                    && !post) {
                String cursor = query(ex.getRequestURI().getRawQuery()).get("cursor");
                events.serve(
                        ex,
                        engine,
                        path.get(2),
                        cursor != null ? cursor : ex.getRequestHeaders().getFirst("Last-Event-ID"));
            } else if (path.size() == 3 && path.get(1).equals("runs") && !post) {
                ObjectNode doc = JSON.createObjectNode();
                doc.set("run", JSON.valueToTree(engine.describe(path.get(2))));
                doc.set("steps", JSON.valueToTree(engine.history(path.get(2))));
                ok(ex, doc);
            } else if ((path.size() == 4 && path.get(1).equals("runs") || path.equals(List.of("api", "start")))
                    && post) {
                if (readOnlyReason != null) {
                    error(ex, 409, "this console is " + readOnlyReason);
                    return;
                }
                JsonNode body = body(ex);
                ok(ex, path.size() == 2 ? start(body) : act(path.get(2), path.get(3), body));
            } else {
                error(
                        ex,
                        404,
                        "no such API: " + ex.getRequestMethod() + " "
                                + ex.getRequestURI().getPath());
            }
        } catch (NoSuchRunException e) {
            error(ex, 404, e.getMessage());
        } catch (TooLarge e) {
            error(ex, 413, e.getMessage());
        } catch (DecisionConflictException e) {
            error(ex, 409, e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            error(ex, e instanceof IllegalStateException ? 409 : 400, e.getMessage());
        }
    }

    private ArrayNode runs(Map<String, String> q) {
        Set<RunStatus> statuses = EnumSet.noneOf(RunStatus.class);
        for (String s : q.getOrDefault("status", "").split(",")) {
            if (!s.isBlank()) {
                statuses.add(RunStatus.valueOf(s.strip().toUpperCase(Locale.ROOT)));
            }
        }
        int limit = Math.clamp(Integer.parseInt(q.getOrDefault("limit", "200")), 1, 1000);
        String text = q.getOrDefault("q", "").strip().toLowerCase(Locale.ROOT);
        // id or type: the engine filters by status; the text is matched here, over a wider page
        var all = engine.list(
                RunQuery.all().withStatus(statuses.toArray(RunStatus[]::new)).withLimit(text.isEmpty() ? limit : 1000));
        ArrayNode out = JSON.createArrayNode();
        for (RunInfo r : all) {
            if (out.size() >= limit) {
                break;
            }
            if (!text.isEmpty()
                    && !r.workflowId().toLowerCase(Locale.ROOT).contains(text)
                    && !r.workflowType().toLowerCase(Locale.ROOT).contains(text)) {
                continue;
            }
            ObjectNode n = out.addObject()
                    .put("id", r.workflowId())
                    .put("type", r.workflowType())
                    .put("status", r.status().name())
                    .put("stepCount", r.stepCount())
                    .put("tokens", r.usage().totalTokens())
                    .put("cost", r.cost().toPlainString())
                    .put(
                            "pendingApprovals",
                            r.pendingApprovals().stream()
                                    .filter(p -> p.decided() == null)
                                    .count())
                    .put("error", r.error() == null ? null : r.error().summary());
            n.set("createdAt", JSON.valueToTree(r.createdAt()));
            n.set("endedAt", JSON.valueToTree(r.endedAt()));
        }
        return out;
    }

    private ObjectNode act(String id, String action, JsonNode body) {
        ObjectNode result = JSON.createObjectNode();
        switch (action) {
            case "approve" -> {
                JsonNode args = body.get("args");
                result.put(
                        "message",
                        answer(
                                id,
                                text(body, "toolCallId"),
                                args == null || args.isNull()
                                        ? ApprovalDecision.approve()
                                        : ApprovalDecision.approveWith(args)));
            }
            case "complete" -> {
                String failed = body.path("failed").asText("").strip();
                if (failed.isEmpty() && !body.has("result")) {
                    throw new IllegalArgumentException(
                            "'result' is required (any JSON, null too), or 'failed' with a reason");
                }
                result.put(
                        "message",
                        answer(
                                id,
                                text(body, "toolCallId"),
                                failed.isEmpty()
                                        ? ApprovalDecision.result(body.path("result"))
                                        : ApprovalDecision.failed(failed)));
            }
            case "deny" -> {
                String reason = body.path("reason").asText("").strip();
                result.put(
                        "message",
                        answer(
                                id,
                                text(body, "toolCallId"),
                                ApprovalDecision.deny(reason.isEmpty() ? "denied in the console" : reason)));
            }
            case "cancel" -> {
                Decision earlier = engine.describe(id).pendingCancel();
                if (earlier == null) {
                    engine.cancel(id);
                }
                result.put(
                        "message",
                        earlier == null
                                ? "cancel requested"
                                : "already recorded: cancel requested by " + earlier.by()
                                        + " — waiting for the engine to apply it");
            }
            case "signal" -> {
                String name = text(body, "name");
                List<String> awaited = engine.describe(id).awaitingSignals();
                if (!awaited.isEmpty()
                        && !awaited.contains(name)
                        && !body.path("keep").asBoolean(false)) {
                    throw new IllegalArgumentException("the run waits for signal " + String.join(" or ", awaited)
                            + ", not '" + name + "'; check the name");
                }
                engine.signal(id, name, body.has("payload") ? body.get("payload") : JSON.nullNode());
                result.put("message", "signal '" + name + "' sent");
            }
            case "fork" -> {
                int from = body.path("fromSeq").asInt(0);
                String newId = body.path("newId").asText("").strip();
                if (newId.isEmpty()) {
                    newId = freeId(id);
                }
                engine.fork(id, from, newId);
                result.put("message", "forked").put("newId", newId);
            }
            default ->
                throw new IllegalArgumentException(
                        "no action '" + action + "'; try approve, deny, complete, cancel or fork");
        }
        return result;
    }

    /** Records an answer once: "approved", or "already recorded" for the same again; a different one throws (409). */
    private String answer(String id, String toolCallId, ApprovalDecision decision) {
        Decision earlier = engine.describe(id).decisions().stream()
                .filter(d -> d.kind() == Decision.Kind.ANSWER && toolCallId.equals(d.target()))
                .findFirst()
                .orElse(null);
        if (earlier != null && earlier.payload() != null && earlier.payload().equals(JSON.valueToTree(decision))) {
            return "already recorded: " + earlier.answerVerb() + " by " + earlier.by();
        }
        engine.decide(id, toolCallId, decision); // a different earlier one: DecisionConflictException, 409
        return switch (decision) {
            case ApprovalDecision d when d.failed() -> "failed";
            case ApprovalDecision d when d.result() != null -> "completed";
            case ApprovalDecision d when d.approved() -> "approved";
            default -> "denied";
        };
    }

    private ObjectNode start(JsonNode body) {
        String type = text(body, "type");
        if (!types.contains(type)) {
            throw new IllegalArgumentException(
                    "no workflow or agent '" + type + "' is registered here; registered: " + types);
        }
        String id = text(body, "id");
        engine.start(type, id, body.has("input") ? body.get("input") : JSON.nullNode());
        return JSON.createObjectNode().put("message", "started").put("newId", id);
    }

    private String freeId(String id) {
        for (int n = 1; ; n++) {
            try {
                engine.describe(id + "-fork-" + n);
            } catch (NoSuchRunException e) {
                return id + "-fork-" + n;
            }
        }
    }

    private static String text(JsonNode body, String field) {
        String v = body.path(field).asText("");
        if (v.isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is required");
        }
        return v;
    }

    private static JsonNode body(HttpExchange ex) throws IOException {
        // checked before the body is opened: closing it would first drain what the client declared
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > MAX_BODY) {
            throw new TooLarge();
        }
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) {
                throw new TooLarge();
            }
            JsonNode body = Json.read(b);
            if (!body.isObject()) {
                throw new IllegalArgumentException(
                        "the body must be a JSON object ({...}) but was " + body.getNodeType());
            }
            return body;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    e.getMessage().startsWith("the body") ? e.getMessage() : "the body " + e.getMessage());
        }
    }

    private static List<String> segments(String rawPath) {
        var out = new ArrayList<String>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static Map<String, String> query(String raw) {
        var out = new HashMap<String, String>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    out.put(
                            URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static void ok(HttpExchange ex, JsonNode body) throws IOException {
        Guard.send(ex, 200, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    }

    static void error(HttpExchange ex, int status, String message) throws IOException {
        Guard.send(
                ex,
                status,
                "application/json; charset=utf-8",
                JSON.writeValueAsBytes(JSON.createObjectNode().put("error", message)));
    }
}

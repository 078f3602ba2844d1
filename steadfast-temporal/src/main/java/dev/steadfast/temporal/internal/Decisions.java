package dev.steadfast.temporal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.error.DecisionConflictException;
import dev.steadfast.run.ApprovalDecision;
import dev.steadfast.run.Decision;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.converter.DataConverter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A run's decisions as Temporal's history holds them: each signal and cancel request carries the
 * identity of the client that sent it and its time, so the audit needs no store of its own. Answers to
 * tool calls (the approve, deny and decide signals) are read as the {@link ApprovalDecision} they carry.
 */
final class Decisions {
    private Decisions() {}

    static List<Decision> of(List<HistoryEvent> history, DataConverter converter) {
        var out = new ArrayList<Decision>();
        for (HistoryEvent e : history) {
            var at = Runs.instant(e.getEventTime());
            switch (e.getEventType()) {
                case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> {
                    var started = e.getWorkflowExecutionStartedEventAttributes();
                    if (started.getContinuedExecutionRunId().isEmpty()) { // the engine's continue-as-new is no decision
                        out.add(new Decision(Decision.Kind.START, null, null, started.getIdentity(), at));
                    }
                }
                case EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED ->
                    out.add(new Decision(
                            Decision.Kind.CANCEL,
                            null,
                            null,
                            e.getWorkflowExecutionCancelRequestedEventAttributes()
                                    .getIdentity(),
                            at));
                case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED -> {
                    var s = e.getWorkflowExecutionSignaledEventAttributes();
                    out.add(signal(s.getSignalName(), s.getInput(), s.getIdentity(), at, converter));
                }
                default -> {}
            }
        }
        return out;
    }

    private static Decision signal(
            String name, Payloads input, String by, java.time.Instant at, DataConverter converter) {
        Optional<Payloads> in = Optional.of(input);
        ApprovalDecision answer = switch (name) {
            case Wire.APPROVE_SIGNAL -> ApprovalDecision.approve();
            case Wire.DENY_SIGNAL ->
                ApprovalDecision.deny(
                        input.getPayloadsCount() > 1
                                ? converter.fromPayloads(1, in, String.class, String.class)
                                : null);
            case Wire.DECIDE_SIGNAL ->
                Wire.fromJson(converter.fromPayloads(1, in, JsonNode.class, JsonNode.class), ApprovalDecision.class);
            default -> null;
        };
        if (answer != null) {
            String call = converter.fromPayloads(0, in, String.class, String.class);
            return new Decision(Decision.Kind.ANSWER, call, Wire.toJson(answer), by, at);
        }
        JsonNode payload =
                input.getPayloadsCount() == 0 ? null : converter.fromPayloads(0, in, JsonNode.class, JsonNode.class);
        return new Decision(Decision.Kind.SIGNAL, name, payload, by, at);
    }

    /** Refuses an answer to {@code toolCallId} that differs from one already recorded; whether the same one was. */
    static boolean alreadyAnswered(
            String workflowId, List<Decision> decisions, String toolCallId, ApprovalDecision answer) {
        for (Decision d : decisions) {
            if (d.kind() == Decision.Kind.ANSWER && toolCallId.equals(d.target())) {
                if (Wire.toJson(answer).equals(d.payload())) {
                    return true;
                }
                throw new DecisionConflictException(workflowId, d);
            }
        }
        return false;
    }
}

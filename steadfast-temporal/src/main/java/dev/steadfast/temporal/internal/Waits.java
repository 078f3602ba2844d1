package dev.steadfast.temporal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.run.ApprovalDecision;
import dev.steadfast.run.PendingApproval;
import io.temporal.common.converter.EncodedValues;
import io.temporal.workflow.DynamicQueryHandler;
import io.temporal.workflow.DynamicSignalHandler;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run's inbox and what it waits for: one dynamic signal handler fills a FIFO buffer per signal
 * name (and a map of approval decisions by tool call id), and one dynamic query handler reports
 * the signals awaited and the approvals pending, so {@code describe} can show them. Signals are
 * part of the history, so replay rebuilds the buffers exactly.
 */
final class Waits {
    private final Map<String, ArrayDeque<JsonNode>> signals = new HashMap<>();
    private final Map<String, ApprovalDecision> decisions = new HashMap<>();
    private final Set<String> awaiting = new LinkedHashSet<>();
    private final Map<String, PendingApproval> pending = new LinkedHashMap<>();
    private Instant wakeAt;
    private int stepCount;
    private RunAttributes attributes;

    /** Registers the signal and query handlers on the current workflow, and reads its search attributes. */
    void register() {
        attributes = new RunAttributes();
        io.temporal.workflow.Workflow.registerListener((DynamicSignalHandler) this::onSignal);
        io.temporal.workflow.Workflow.registerListener((DynamicQueryHandler) this::onQuery);
    }

    private void onSignal(String signalName, EncodedValues args) {
        switch (signalName) {
            case Wire.APPROVE_SIGNAL -> decisions.putIfAbsent(args.get(0, String.class), ApprovalDecision.approve());
            case Wire.DENY_SIGNAL ->
                decisions.putIfAbsent(
                        args.get(0, String.class),
                        ApprovalDecision.deny(args.getSize() > 1 ? args.get(1, String.class) : null));
            case Wire.DECIDE_SIGNAL ->
                decisions.putIfAbsent(
                        args.get(0, String.class), Wire.fromJson(args.get(1, JsonNode.class), ApprovalDecision.class));
            default ->
                signals.computeIfAbsent(signalName, n -> new ArrayDeque<>())
                        .add(args.getSize() > 0 ? Wire.toJson(args.get(0, JsonNode.class)) : Wire.toJson(null));
        }
    }

    private Object onQuery(String queryType, EncodedValues args) {
        if (!Wire.STATE_QUERY.equals(queryType)) {
            throw new IllegalArgumentException(
                    "Unknown query '" + queryType + "'; this run answers " + Wire.STATE_QUERY);
        }
        return new Wire.RunState(new ArrayList<>(awaiting), new ArrayList<>(pending.values()), wakeAt, stepCount);
    }

    /** The signals that arrived and were not taken yet, by name in arrival order: carried into a continued execution. */
    Map<String, List<JsonNode>> unconsumedSignals() {
        var out = new LinkedHashMap<String, List<JsonNode>>();
        signals.forEach((name, q) -> {
            if (!q.isEmpty()) {
                out.put(name, List.copyOf(q));
            }
        });
        return out;
    }

    /** Every answer to a tool call that arrived, by tool call id: carried into a continued execution. */
    Map<String, ApprovalDecision> decisions() {
        return new LinkedHashMap<>(decisions);
    }

    /** Takes in what the execution before this one carried, ahead of any signal that arrives now. */
    void restore(Map<String, List<JsonNode>> carriedSignals, Map<String, ApprovalDecision> carriedDecisions) {
        carriedSignals.forEach((name, values) ->
                signals.computeIfAbsent(name, n -> new ArrayDeque<>()).addAll(values));
        carriedDecisions.forEach(decisions::putIfAbsent);
    }

    boolean hasSignal(String name) {
        ArrayDeque<JsonNode> q = signals.get(name);
        return q != null && !q.isEmpty();
    }

    JsonNode takeSignal(String name) {
        return signals.get(name).poll();
    }

    void awaiting(String name, boolean on) {
        if (on) {
            awaiting.add(name);
        } else {
            awaiting.remove(name);
        }
        waitsChanged();
    }

    void pending(PendingApproval approval, boolean on) {
        if (on) {
            pending.put(approval.toolCallId(), approval);
        } else {
            pending.remove(approval.toolCallId());
        }
        waitsChanged();
    }

    /** The run's search attributes. */
    RunAttributes attributes() {
        return attributes;
    }

    /** What the run waits for, as its search attribute says it: signal names, {@code approval:<tool>}, {@code timer}. */
    private void waitsChanged() {
        var what = new ArrayList<String>(awaiting);
        pending.values().forEach(p -> what.add("approval:" + p.toolName()));
        if (wakeAt != null) {
            what.add("timer");
        }
        attributes.waitingFor(what);
    }

    boolean hasDecision(String toolCallId) {
        return decisions.containsKey(toolCallId);
    }

    ApprovalDecision decision(String toolCallId) {
        return decisions.get(toolCallId);
    }

    void wakeAt(Instant at) {
        wakeAt = at;
        waitsChanged();
    }

    void stepCount(int n) {
        stepCount = n;
    }
}

package dev.steadfast.temporal.internal;

import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;

/**
 * One logical run as Temporal keeps it after the engine continued it as new: a chain of executions of one
 * workflow id, each started with the run id of the one before ({@code continuedExecutionRunId}). Describe, history,
 * results and the conversations workers rebuild read the whole chain, oldest execution first, so a run looks the
 * same however often it was continued.
 */
final class RunChain {
    private RunChain() {}

    /**
     * The histories of the executions up to {@code runId} ({@code null} or empty: the latest), oldest first. Each
     * is a list of its own: event ids start again at 1 in every execution.
     */
    static List<List<HistoryEvent>> histories(WorkflowClient client, String workflowId, String runId) {
        var chain = new ArrayList<List<HistoryEvent>>();
        List<HistoryEvent> events = runId == null || runId.isEmpty()
                ? client.fetchHistory(workflowId).getEvents()
                : client.fetchHistory(workflowId, runId).getEvents();
        chain.add(events);
        String previous = previousRunId(events);
        while (!previous.isEmpty()) {
            events = client.fetchHistory(workflowId, previous).getEvents();
            chain.addFirst(events);
            previous = previousRunId(events);
        }
        return chain;
    }

    /** The run id of the execution {@code events} continued, or an empty string for a run's first execution. */
    static String previousRunId(List<HistoryEvent> events) {
        if (events.isEmpty() || !events.getFirst().hasWorkflowExecutionStartedEventAttributes()) {
            return "";
        }
        return events.getFirst().getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId();
    }

    /** Every event of the chain in order, for readers that need no event-id cross-references. */
    static List<HistoryEvent> flat(List<List<HistoryEvent>> chain) {
        var all = new ArrayList<HistoryEvent>();
        chain.forEach(all::addAll);
        return all;
    }
}

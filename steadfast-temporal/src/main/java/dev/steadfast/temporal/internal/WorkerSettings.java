package dev.steadfast.temporal.internal;

import io.temporal.common.converter.DataConverter;
import java.time.Duration;
import java.util.Set;

/**
 * What the workflow and activity code of one engine share.
 *
 * @param taskQueue the queue runs are started on
 * @param converter the engine's data converter (payload sizes are measured with it)
 * @param maxPayloadBytes the largest payload Temporal accepts, in bytes
 * @param inlineConversationBytes conversations up to this size travel inside agent activity inputs
 * @param processQueue this engine's own task queue: steps whose body only this engine has run there
 *     ({@code atMostOnce} steps, and calls of agents not registered with the engine)
 * @param heartbeat how soon a worker that stopped heartbeating an activity is given up on
 * @param agents the names of the agents registered with this engine: their calls run on {@link #agentQueue}
 * @param bodies this engine's step bodies
 * @param historyEvents the most events the server keeps in a run's history before it terminates the run
 * @param historyBytes the most bytes the server keeps in a run's history before it terminates the run
 * @param continueAfterEvents a run continues as new at its next safe point once its execution has this many events
 * @param continueAfterBytes ... or once its execution has added this many bytes of history
 */
public record WorkerSettings(
        String taskQueue,
        DataConverter converter,
        long maxPayloadBytes,
        long inlineConversationBytes,
        String processQueue,
        Duration heartbeat,
        Set<String> agents,
        StepBodies bodies,
        long historyEvents,
        long historyBytes,
        long continueAfterEvents,
        long continueAfterBytes) {
    public WorkerSettings {
        agents = Set.copyOf(agents);
    }

    /**
     * The queue of agent {@code agent}'s model and tool calls: only workers that registered the agent poll it, so
     * a call never lands on a worker that could not run it, however many workers share the task queue.
     */
    public String agentQueue(String agent) {
        return taskQueue + "/agent/" + agent;
    }

    /**
     * Where the activity of agent step {@code stepName} ({@code <agent>.model}, {@code <agent>.tool.<tool>}, ...)
     * runs: its agent's queue when the agent is registered with this engine, else this engine's own queue, where its
     * body (registered in {@link #bodies}) is.
     */
    String queueOf(String stepName) {
        int dot = stepName.indexOf('.');
        String agent = dot < 0 ? null : stepName.substring(0, dot);
        return agent != null && agents.contains(agent) ? agentQueue(agent) : processQueue;
    }

    /** Throws {@link dev.steadfast.error.PayloadTooLargeException} when {@code value} would not fit. */
    void checkSize(Object value, String what) {
        long bytes = converter
                .toPayload(value)
                .map(p -> (long) p.getSerializedSize())
                .orElse(0L);
        if (bytes > maxPayloadBytes) {
            throw new dev.steadfast.error.PayloadTooLargeException(what, bytes, maxPayloadBytes);
        }
    }
}

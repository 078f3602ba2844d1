package dev.steadfast.agent;

import dev.steadfast.message.Message;
import dev.steadfast.usage.Usage;
import java.util.List;

/**
 * What a tool, output validator or approval handler knows about the run it serves. Declare a
 * {@code RunContext<D>} parameter on a {@link Tool} method to receive it.
 *
 * <p>{@code retry} counts how often the model has had to fix this tool's calls since the tool last
 * succeeded (for an output validator: the output's retries in this run); {@code maxRetries} is the
 * budget, so {@link #lastAttempt()} tells a tool that another {@link ModelRetry} fails the run.
 *
 * <pre>{@code
 * @Tool("Look up an order")
 * Order order(String id, RunContext<Db> ctx) {
 *     Order o = ctx.deps().orders().find(id);
 *     if (o == null && !ctx.lastAttempt()) throw new ModelRetry("No order '" + id + "'; check the id.");
 *     if (o == null) throw new ToolFailed("No order '" + id + "'.");   // the model sees it; the run goes on
 *     return o;
 * }
 * }</pre>
 *
 * @param deps the run's dependencies (the {@code deps} given to {@code run}), or {@code null}
 * @param usage usage of the run so far
 * @param retry how often the model has been asked to fix this tool's calls (or the output) since its last success
 * @param runId the agent run's id
 * @param toolName the tool being called, or {@code null} outside a tool
 * @param toolCallId the call's id, or {@code null} outside a tool
 * @param idempotencyKey a key stable across retries and replays of this call, for external systems
 * @param messages the conversation so far
 * @param maxRetries how many retries this tool (or the output) may ask for before the run fails
 * @param <D> the deps type
 */
public record RunContext<D>(D deps, Usage usage, int retry, String runId, String toolName, String toolCallId,
                            String idempotencyKey, List<Message> messages, int maxRetries) {
    public RunContext {
        messages = List.copyOf(messages);
    }

    /** Whether this is the last attempt: one more {@link ModelRetry} exceeds the budget and fails the run. */
    public boolean lastAttempt() {
        return retry >= maxRetries;
    }
}

package dev.steadfast.agent;

import dev.steadfast.message.Message;
import dev.steadfast.usage.Usage;
import java.util.List;

/**
 * What a tool, output validator or approval handler knows about the run it serves. Declare a
 * {@code RunContext<D>} parameter on a {@link Tool} method to receive it.
 *
 * @param deps the run's dependencies (the {@code deps} given to {@code run}), or {@code null}
 * @param usage usage of the run so far
 * @param retry how often the model has been asked to fix this tool's calls (or the output) so far
 * @param runId the agent run's id
 * @param toolName the tool being called, or {@code null} outside a tool
 * @param toolCallId the call's id, or {@code null} outside a tool
 * @param idempotencyKey a key stable across retries and replays of this call, for external systems
 * @param messages the conversation so far
 * @param <D> the deps type
 */
public record RunContext<D>(D deps, Usage usage, int retry, String runId, String toolName, String toolCallId,
                            String idempotencyKey, List<Message> messages) {
    public RunContext {
        messages = List.copyOf(messages);
    }
}

package dev.steadfast.agent;

import dev.steadfast.message.Message;
import dev.steadfast.usage.Usage;
import java.math.BigDecimal;
import java.util.List;

/**
 * The outcome of an agent run.
 *
 * @param output the typed output
 * @param usage tokens, requests and tool calls of this run
 * @param cost what this run's requests cost in USD ({@code 0} for models without a price)
 * @param messages the whole conversation, message history included
 * @param newMessages the messages this run added (pass {@code messages} as history to continue)
 * @param runId the run's id
 * @param <O> the output type
 */
public record AgentResult<O>(O output, Usage usage, BigDecimal cost, List<Message> messages,
                             List<Message> newMessages, String runId) {
    public AgentResult {
        messages = List.copyOf(messages);
        newMessages = List.copyOf(newMessages);
    }
}

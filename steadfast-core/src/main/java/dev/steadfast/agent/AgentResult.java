package dev.steadfast.agent;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.steadfast.message.Message;
import dev.steadfast.usage.Usage;
import java.math.BigDecimal;
import java.util.List;

/**
 * The outcome of an agent run.
 *
 * <p>As JSON (a durable run's recorded output, {@code runs show --json}) the conversation appears once: {@code messages}
 * and {@code newMessagesCount}, the number of its last messages this run added. A result recorded by an older Steadfast,
 * with a {@code newMessages} array, still reads.
 *
 * @param output the typed output
 * @param usage tokens, requests and tool calls of this run
 * @param cost what this run's requests cost in USD ({@code 0} for models without a price)
 * @param messages the whole conversation, message history included
 * @param newMessages the messages this run added, the last ones of {@code messages} (pass {@code messages} as history
 *     to continue)
 * @param runId the run's id
 * @param <O> the output type
 */
@JsonIgnoreProperties(value = "newMessages", allowSetters = true) // written as newMessagesCount
public record AgentResult<O>(
        O output, Usage usage, BigDecimal cost, List<Message> messages, List<Message> newMessages, String runId) {
    public AgentResult {
        messages = List.copyOf(messages);
        newMessages = List.copyOf(newMessages);
        int from = messages.size() - newMessages.size();
        if (from < 0 || !messages.subList(from, messages.size()).equals(newMessages)) {
            throw new IllegalArgumentException(
                    "newMessages must be the last messages of messages (what the run added to" + " its history); got "
                            + newMessages.size() + " new of " + messages.size());
        }
    }

    @JsonCreator
    private AgentResult(
            @JsonProperty("output") O output,
            @JsonProperty("usage") Usage usage,
            @JsonProperty("cost") BigDecimal cost,
            @JsonProperty("messages") List<Message> messages,
            @JsonProperty("newMessagesCount") Integer newMessagesCount,
            @JsonProperty("newMessages") List<Message> newMessages,
            @JsonProperty("runId") String runId) {
        this(output, usage, cost, messages, added(messages, newMessagesCount, newMessages), runId);
    }

    private static List<Message> added(List<Message> messages, Integer count, List<Message> listed) {
        if (listed != null) { // as an older Steadfast recorded it
            return listed;
        }
        if (count == null || count < 0 || count > messages.size()) {
            throw new IllegalArgumentException(
                    "an agent result needs newMessagesCount in 0.." + messages.size() + ", got " + count);
        }
        return messages.subList(messages.size() - count, messages.size());
    }

    /** How many of the last {@link #messages()} this run added: {@link #newMessages()} as JSON carries it. */
    @JsonProperty("newMessagesCount")
    int newMessagesCount() {
        return newMessages.size();
    }
}

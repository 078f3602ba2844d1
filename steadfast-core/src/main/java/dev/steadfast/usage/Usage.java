package dev.steadfast.usage;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Tokens and calls a run (or one response) used. Values add up with {@link #plus(Usage)}.
 *
 * @param requests model requests made
 * @param inputTokens prompt tokens, cached ones included
 * @param outputTokens completion tokens, reasoning ones included
 * @param cacheReadTokens input tokens served from the provider's prompt cache
 * @param cacheWriteTokens input tokens written to the provider's prompt cache
 * @param reasoningTokens output tokens spent on reasoning
 * @param toolCalls tool calls executed
 */
public record Usage(long requests, long inputTokens, long outputTokens, long cacheReadTokens,
                    long cacheWriteTokens, long reasoningTokens, long toolCalls) {
    /** Nothing used. */
    public static final Usage NONE = new Usage(0, 0, 0, 0, 0, 0, 0);

    public Usage {
        if (requests < 0 || inputTokens < 0 || outputTokens < 0 || cacheReadTokens < 0
                || cacheWriteTokens < 0 || reasoningTokens < 0 || toolCalls < 0) {
            throw new IllegalArgumentException("usage counts must be >= 0 but were requests=" + requests
                    + " input=" + inputTokens + " output=" + outputTokens + " cacheRead=" + cacheReadTokens
                    + " cacheWrite=" + cacheWriteTokens + " reasoning=" + reasoningTokens + " toolCalls=" + toolCalls);
        }
    }

    /** One request's token counts, as a provider reports them. */
    public static Usage ofTokens(long inputTokens, long outputTokens) {
        return new Usage(1, inputTokens, outputTokens, 0, 0, 0, 0);
    }

    /** Input plus output tokens. */
    @JsonIgnore
    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    /** The sum of this and {@code other}. */
    public Usage plus(Usage other) {
        return new Usage(requests + other.requests, inputTokens + other.inputTokens,
                outputTokens + other.outputTokens, cacheReadTokens + other.cacheReadTokens,
                cacheWriteTokens + other.cacheWriteTokens, reasoningTokens + other.reasoningTokens,
                toolCalls + other.toolCalls);
    }

    /** This usage with {@code n} more tool calls. */
    public Usage plusToolCalls(long n) {
        return new Usage(requests, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, reasoningTokens, toolCalls + n);
    }
}

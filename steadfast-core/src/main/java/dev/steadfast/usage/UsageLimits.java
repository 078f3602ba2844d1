package dev.steadfast.usage;

import java.math.BigDecimal;

/**
 * Caps on one run. Request and tool-call limits are checked before the request or call that would
 * pass them; token and cost limits after each response (a provider only reports tokens once it has
 * answered), stopping the run before its next request. {@code null} means no limit.
 *
 * <pre>{@code
 * UsageLimits.builder().requestLimit(10).totalTokensLimit(50_000).costLimit(new BigDecimal("0.50")).build();
 * }</pre>
 *
 * @param requestLimit the most model requests
 * @param inputTokensLimit the most input tokens
 * @param outputTokensLimit the most output tokens
 * @param totalTokensLimit the most input plus output tokens
 * @param toolCallsLimit the most tool calls
 * @param costLimit the most USD
 */
public record UsageLimits(Integer requestLimit, Long inputTokensLimit, Long outputTokensLimit, Long totalTokensLimit,
                          Integer toolCallsLimit, BigDecimal costLimit) {
    /** No limits except 50 requests, PydanticAI's default guard against a model looping forever. */
    public static final UsageLimits DEFAULT = new UsageLimits(50, null, null, null, null, null);
    /** No limits at all. */
    public static final UsageLimits NONE = new UsageLimits(null, null, null, null, null, null);

    public UsageLimits {
        positive("requestLimit", requestLimit);
        positive("inputTokensLimit", inputTokensLimit);
        positive("outputTokensLimit", outputTokensLimit);
        positive("totalTokensLimit", totalTokensLimit);
        positive("toolCallsLimit", toolCallsLimit);
        if (costLimit != null && costLimit.signum() < 0) {
            throw new IllegalArgumentException("costLimit must be >= 0 but was " + costLimit);
        }
    }

    private static void positive(String name, Number n) {
        if (n != null && n.longValue() < 0) {
            throw new IllegalArgumentException(name + " must be >= 0 but was " + n);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Throws when one more request would pass the request limit. */
    public void checkBeforeRequest(Usage usage) {
        if (requestLimit != null && usage.requests() + 1 > requestLimit) {
            throw new UsageLimitExceeded("The next request would exceed the request limit of " + requestLimit);
        }
    }

    /** Throws when {@code more} tool calls would pass the tool-call limit. */
    public void checkBeforeToolCalls(Usage usage, int more) {
        if (toolCallsLimit != null && usage.toolCalls() + more > toolCallsLimit) {
            throw new UsageLimitExceeded("The next " + (more == 1 ? "tool call" : more + " tool calls")
                    + " would exceed the tool call limit of " + toolCallsLimit + " (" + usage.toolCalls() + " made)");
        }
    }

    /** Throws when the usage so far has passed a token or cost limit. */
    public void checkTokensAndCost(Usage usage, BigDecimal cost) {
        exceeded("input_tokens", usage.inputTokens(), inputTokensLimit);
        exceeded("output_tokens", usage.outputTokens(), outputTokensLimit);
        exceeded("total_tokens", usage.totalTokens(), totalTokensLimit);
        if (costLimit != null && cost.compareTo(costLimit) > 0) {
            throw new UsageLimitExceeded("Exceeded the cost limit of $" + costLimit.toPlainString() + " (cost $"
                    + cost.toPlainString() + ")");
        }
    }

    private static void exceeded(String what, long used, Long limit) {
        if (limit != null && used > limit) {
            throw new UsageLimitExceeded("Exceeded the " + what + " limit of " + limit + " (" + what + "=" + used + ")");
        }
    }

    /** Builds {@link UsageLimits}; every limit defaults to none. */
    public static final class Builder {
        private Integer requestLimit;
        private Long inputTokensLimit;
        private Long outputTokensLimit;
        private Long totalTokensLimit;
        private Integer toolCallsLimit;
        private BigDecimal costLimit;

        private Builder() {}

        public Builder requestLimit(int v) { requestLimit = v; return this; }
        public Builder inputTokensLimit(long v) { inputTokensLimit = v; return this; }
        public Builder outputTokensLimit(long v) { outputTokensLimit = v; return this; }
        public Builder totalTokensLimit(long v) { totalTokensLimit = v; return this; }
        public Builder toolCallsLimit(int v) { toolCallsLimit = v; return this; }
        /** The most USD a run may cost (by {@link Pricing}). */
        public Builder costLimit(BigDecimal v) { costLimit = v; return this; }

        public UsageLimits build() {
            return new UsageLimits(requestLimit, inputTokensLimit, outputTokensLimit, totalTokensLimit, toolCallsLimit, costLimit);
        }
    }
}

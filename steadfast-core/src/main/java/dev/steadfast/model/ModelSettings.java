package dev.steadfast.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Per-request knobs; {@code null} means "the provider's default". Settings given to a run override
 * the agent's field by field ({@link #merge}).
 *
 * <pre>{@code
 * ModelSettings s = ModelSettings.builder().temperature(0.0).maxTokens(1024).timeout(Duration.ofSeconds(60)).build();
 * }</pre>
 *
 * @param temperature sampling temperature
 * @param maxTokens the most output tokens
 * @param topP nucleus sampling
 * @param timeout how long one HTTP request may take
 * @param stopSequences sequences that end generation
 * @param parallelToolCalls whether the model may call several tools in one response
 * @param seed a sampling seed, where supported
 * @param extraBody provider-specific fields merged into the request body
 * @param thinking Anthropic's extended thinking ({@code thinking}); other providers ignore it
 * @param reasoning OpenAI's reasoning effort and summaries ({@code reasoning} in Responses,
 *     {@code reasoning_effort} in Chat Completions); Anthropic ignores it
 */
public record ModelSettings(Double temperature, Integer maxTokens, Double topP, Duration timeout,
                            List<String> stopSequences, Boolean parallelToolCalls, Long seed,
                            Map<String, Object> extraBody,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Thinking thinking,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Reasoning reasoning) {
    /** All provider defaults. */
    public static final ModelSettings DEFAULTS = new ModelSettings(null, null, null, null, null, null, null, null);

    /**
     * Anthropic's extended thinking: {@link #budget} tokens of reasoning before the answer,
     * {@link #adaptive} (the model decides), or {@link #off}. Thinking blocks come back as
     * {@link dev.steadfast.message.ThinkingPart}s and their tokens count as reasoning tokens.
     *
     * @param type {@code enabled}, {@code adaptive} or {@code disabled}, as the API names them
     * @param budgetTokens the budget when enabled (at least 1024, below {@code maxTokens}), else {@code null}
     */
    public record Thinking(String type, Integer budgetTokens) {
        public Thinking {
            if (!java.util.Set.of("enabled", "adaptive", "disabled").contains(type)) {
                throw new IllegalArgumentException("thinking type must be enabled, adaptive or disabled but was '" + type + "'");
            }
            if (type.equals("enabled") && (budgetTokens == null || budgetTokens < 1024)) {
                throw new IllegalArgumentException("a thinking budget must be >= 1024 tokens (Anthropic's minimum) but was "
                        + budgetTokens);
            }
            if (!type.equals("enabled") && budgetTokens != null) {
                throw new IllegalArgumentException("only enabled thinking takes a budget; use Thinking.budget(" + budgetTokens + ")");
            }
        }

        /** Think up to {@code tokens} (>= 1024) before answering. */
        public static Thinking budget(int tokens) {
            return new Thinking("enabled", tokens);
        }

        /** The model decides how much to think (models that support adaptive thinking). */
        public static Thinking adaptive() {
            return new Thinking("adaptive", null);
        }

        /** No extended thinking. */
        public static Thinking off() {
            return new Thinking("disabled", null);
        }

        /** Whether the model will think before answering. */
        @JsonIgnore
        public boolean isOn() {
            return !type.equals("disabled");
        }
    }

    /**
     * OpenAI's reasoning options for reasoning models (o-series, GPT-5).
     *
     * @param effort how hard to think, or {@code null} for the model's default
     * @param summary what reasoning summary to return (Responses API only), or {@code null} for none
     */
    public record Reasoning(Effort effort, Summary summary) {
        /** The API's {@code effort} values; not every model accepts every value. */
        public enum Effort {
            NONE, MINIMAL, LOW, MEDIUM, HIGH, XHIGH;

            /** The value on the wire, e.g. {@code low}. */
            public String wire() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }

        /** The API's {@code summary} values. */
        public enum Summary {
            AUTO, CONCISE, DETAILED;

            /** The value on the wire, e.g. {@code auto}. */
            public String wire() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }

        /** Reasoning at {@code effort}, no summary. */
        public static Reasoning effort(Effort effort) {
            return new Reasoning(java.util.Objects.requireNonNull(effort, "effort"), null);
        }

        /** These options, asking for a reasoning summary as well. */
        public Reasoning withSummary(Summary s) {
            return new Reasoning(effort, java.util.Objects.requireNonNull(s, "summary"));
        }
    }

    /** Settings without thinking or reasoning options (the original eight fields). */
    public ModelSettings(Double temperature, Integer maxTokens, Double topP, Duration timeout, List<String> stopSequences,
                         Boolean parallelToolCalls, Long seed, Map<String, Object> extraBody) {
        this(temperature, maxTokens, topP, timeout, stopSequences, parallelToolCalls, seed, extraBody, null, null);
    }

    public ModelSettings {
        if (temperature != null && (temperature < 0 || temperature > 2)) {
            throw new IllegalArgumentException("temperature must be in [0, 2] but was " + temperature);
        }
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be >= 1 but was " + maxTokens);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive but was " + timeout);
        }
        stopSequences = stopSequences == null ? null : List.copyOf(stopSequences);
        extraBody = extraBody == null ? null : Map.copyOf(extraBody);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** These settings with each non-null field of {@code override} in place of ours. */
    public ModelSettings merge(ModelSettings override) {
        if (override == null) {
            return this;
        }
        return new ModelSettings(
                pick(override.temperature, temperature), pick(override.maxTokens, maxTokens),
                pick(override.topP, topP), pick(override.timeout, timeout),
                pick(override.stopSequences, stopSequences), pick(override.parallelToolCalls, parallelToolCalls),
                pick(override.seed, seed), pick(override.extraBody, extraBody),
                pick(override.thinking, thinking), pick(override.reasoning, reasoning));
    }

    private static <T> T pick(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }

    /** Builds {@link ModelSettings}; every field defaults to {@code null} (the provider's default). */
    public static final class Builder {
        private Double temperature;
        private Integer maxTokens;
        private Double topP;
        private Duration timeout;
        private List<String> stopSequences;
        private Boolean parallelToolCalls;
        private Long seed;
        private Map<String, Object> extraBody;
        private Thinking thinking;
        private Reasoning reasoning;

        private Builder() {}

        /** Sampling temperature in [0, 2]. */
        public Builder temperature(double v) { temperature = v; return this; }
        /** The most output tokens, >= 1. */
        public Builder maxTokens(int v) { maxTokens = v; return this; }
        /** Nucleus sampling. */
        public Builder topP(double v) { topP = v; return this; }
        /** How long one HTTP request may take. */
        public Builder timeout(Duration v) { timeout = v; return this; }
        /** Sequences that end generation. */
        public Builder stopSequences(List<String> v) { stopSequences = v; return this; }
        /** Whether the model may call several tools in one response. */
        public Builder parallelToolCalls(boolean v) { parallelToolCalls = v; return this; }
        /** A sampling seed, where supported. */
        public Builder seed(long v) { seed = v; return this; }
        /** Provider-specific fields merged into the request body. */
        public Builder extraBody(Map<String, Object> v) { extraBody = v; return this; }
        /** Anthropic's extended thinking, e.g. {@code Thinking.budget(2048)}; default none (the model's default). */
        public Builder thinking(Thinking v) { thinking = v; return this; }
        /** OpenAI's reasoning options, e.g. {@code Reasoning.effort(Effort.LOW)}; default none (the model's default). */
        public Builder reasoning(Reasoning v) { reasoning = v; return this; }

        public ModelSettings build() {
            return new ModelSettings(temperature, maxTokens, topP, timeout, stopSequences, parallelToolCalls, seed, extraBody,
                    thinking, reasoning);
        }
    }
}

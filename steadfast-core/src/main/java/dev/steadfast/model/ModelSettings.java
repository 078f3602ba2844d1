package dev.steadfast.model;

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
 */
public record ModelSettings(Double temperature, Integer maxTokens, Double topP, Duration timeout,
                            List<String> stopSequences, Boolean parallelToolCalls, Long seed,
                            Map<String, Object> extraBody) {
    /** All provider defaults. */
    public static final ModelSettings DEFAULTS = new ModelSettings(null, null, null, null, null, null, null, null);

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
                pick(override.seed, seed), pick(override.extraBody, extraBody));
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

        public ModelSettings build() {
            return new ModelSettings(temperature, maxTokens, topP, timeout, stopSequences, parallelToolCalls, seed, extraBody);
        }
    }
}

package dev.steadfast.spring;

import dev.steadfast.temporal.TemporalEngine;

/**
 * Adjusts the Temporal engine's builder before the starter opens it (with {@code steadfast.temporal.target} set),
 * after the properties and the context's agents and workflows were applied: worker options, payload codecs, history
 * limits, or an interceptor of a telemetry module. Every bean of this type is applied, in {@code @Order}.
 *
 * <pre>{@code
 * @Bean
 * TemporalEngineCustomizer encrypted(PayloadCodec codec) {
 *     return builder -> builder.payloadCodecs(codec);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface TemporalEngineCustomizer {
    /** Changes {@code builder}; called once per engine opened (once per context start). */
    void customize(TemporalEngine.Builder builder);
}

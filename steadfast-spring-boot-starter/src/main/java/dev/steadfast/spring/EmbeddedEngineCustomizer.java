package dev.steadfast.spring;

import dev.steadfast.engine.EmbeddedEngine;

/**
 * Adjusts the embedded engine's builder before the starter opens it, after the properties and the context's agents
 * and workflows were applied: a {@code Clock}, {@code unloadAfter}, {@code maxPayloadBytes}, or an observer of a
 * telemetry module. Every bean of this type is applied, in {@code @Order}.
 *
 * <pre>{@code
 * @Bean
 * EmbeddedEngineCustomizer largerPayloads() {
 *     return builder -> builder.maxPayloadBytes(8L << 20);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface EmbeddedEngineCustomizer {
    /** Changes {@code builder}; called once per engine opened (once per context start). */
    void customize(EmbeddedEngine.Builder builder);
}

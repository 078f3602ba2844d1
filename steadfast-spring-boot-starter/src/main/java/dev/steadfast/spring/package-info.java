/**
 * Steadfast in a Spring Boot application: {@link dev.steadfast.spring.SteadfastProperties} ({@code steadfast.*}), and
 * the seams an application or another module fills with beans ({@link dev.steadfast.spring.RegisteredAgent},
 * {@link dev.steadfast.spring.EmbeddedEngineCustomizer}, {@link dev.steadfast.spring.TemporalEngineCustomizer}). The
 * auto-configuration itself is in {@code dev.steadfast.spring.autoconfigure}.
 */
package dev.steadfast.spring;

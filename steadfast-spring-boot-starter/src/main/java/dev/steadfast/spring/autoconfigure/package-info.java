/**
 * Spring Boot auto-configuration for Steadfast, listed in
 * {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}: the engine, Actuator
 * health, Micrometer meters and the console. Exclude one as any auto-configuration
 * ({@code spring.autoconfigure.exclude}).
 */
package dev.steadfast.spring.autoconfigure;

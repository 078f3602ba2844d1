package dev.steadfast.spring.autoconfigure;

import dev.steadfast.spring.SteadfastProperties;
import dev.steadfast.spring.internal.EngineProbes;
import dev.steadfast.spring.internal.SteadfastHealthIndicator;
import dev.steadfast.workflow.WorkflowEngine;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Actuator's {@code steadfast} health component (with spring-boot-health on the class path, as
 * spring-boot-starter-actuator brings it): engine open, owner lock held (embedded), Temporal reachable, waiting runs.
 * {@code management.health.steadfast.enabled=false} turns it off.
 */
@AutoConfiguration(after = SteadfastAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(WorkflowEngine.class)
@ConditionalOnEnabledHealthIndicator("steadfast")
public class SteadfastHealthAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "steadfastHealthIndicator")
    SteadfastHealthIndicator steadfastHealthIndicator(WorkflowEngine engine, SteadfastProperties properties) {
        return new SteadfastHealthIndicator(
                new EngineProbes(engine, properties.health().timeout()));
    }
}

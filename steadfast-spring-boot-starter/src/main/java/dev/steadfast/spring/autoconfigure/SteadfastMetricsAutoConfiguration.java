package dev.steadfast.spring.autoconfigure;

import dev.steadfast.spring.SteadfastProperties;
import dev.steadfast.spring.internal.EngineProbes;
import dev.steadfast.spring.internal.SteadfastMeters;
import dev.steadfast.workflow.WorkflowEngine;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer gauges of the engine's runs and approvals (a {@link MeterBinder}, which Boot's metrics support binds to
 * every registry): {@code steadfast.runs{status}}, {@code steadfast.approvals.pending},
 * {@code steadfast.signals.awaited}. The seam for per-step metrics (model requests, tool calls, tokens, cost) is the
 * engines' builders: a telemetry module contributes an {@code EmbeddedEngineCustomizer} /
 * {@code TemporalEngineCustomizer} bean that installs its observer, so steps that replay are never counted.
 */
@AutoConfiguration(after = SteadfastAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(WorkflowEngine.class)
public class SteadfastMetricsAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "steadfastMeters")
    SteadfastMeters steadfastMeters(WorkflowEngine engine, SteadfastProperties properties) {
        return new SteadfastMeters(new EngineProbes(engine, properties.health().timeout()), Duration.ofSeconds(5));
    }
}

package dev.steadfast.spring.autoconfigure;

import dev.steadfast.model.Model;
import dev.steadfast.model.Models;
import dev.steadfast.spring.SteadfastProperties;
import dev.steadfast.spring.internal.EngineOpeners;
import dev.steadfast.spring.internal.ManagedEngine;
import dev.steadfast.workflow.WorkflowEngine;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The Steadfast engine as a bean: embedded on {@code steadfast.database} by default, on Temporal when
 * {@code steadfast.temporal.target} is set. Every {@code Agent}, {@code Workflow} and {@code RegisteredAgent} bean of
 * the context is registered with it when the context starts, which is when the engine opens and resumes the runs
 * that were running; it closes when the context stops. With {@code steadfast.model} set, a {@link Model} bean from
 * {@link Models#of} (its key from the provider's environment variable). An application's own
 * {@code WorkflowEngine} or {@code Model} bean replaces the starter's.
 *
 * <pre>{@code
 * @Bean
 * Agent<Void, Analysis> analyst(Model model) {
 *     return Agent.builder().name("analyst").model(model).output(Analysis.class).build();
 * }
 *
 * @Bean
 * ApprovalWorkflow approvals(Agent<Void, Analysis> analyst) {
 *     return new ApprovalWorkflow(analyst);
 * }
 *
 * // anywhere after startup:
 * engine.start(ApprovalWorkflow.class, "req-42", request);
 * }</pre>
 */
@AutoConfiguration
@EnableConfigurationProperties(SteadfastProperties.class)
public class SteadfastAutoConfiguration {
    /** The engine, opened by the context's lifecycle ({@link ManagedEngine#PHASE}). */
    @Bean
    @ConditionalOnMissingBean(WorkflowEngine.class)
    ManagedEngine steadfastEngine(SteadfastProperties properties, ConfigurableListableBeanFactory beans) {
        return EngineOpeners.managed(properties, beans, beans.getBeanClassLoader());
    }

    /** The model {@code steadfast.model} names. */
    @Bean
    @ConditionalOnMissingBean(Model.class)
    @ConditionalOnProperty("steadfast.model")
    Model steadfastModel(SteadfastProperties properties) {
        return Models.of(properties.model());
    }
}

package dev.steadfast.spring.autoconfigure;

import dev.steadfast.spring.SteadfastProperties;
import dev.steadfast.spring.internal.ConsoleMount;
import dev.steadfast.workflow.WorkflowEngine;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * The web console inside a servlet application, with {@code steadfast.console.enabled=true}: a servlet under
 * {@code steadfast.console.path} (default {@code /steadfast}), so the application's security filters cover it as
 * any other path; it adds no login of its own. It needs steadfast-cli on the class path (and says so when missing).
 */
@AutoConfiguration(after = SteadfastAutoConfiguration.class)
@ConditionalOnProperty(name = "steadfast.console.enabled", havingValue = "true")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(WorkflowEngine.class)
public class SteadfastConsoleAutoConfiguration {
    @Bean
    ServletRegistrationBean<?> steadfastConsole(
            SteadfastProperties properties, WorkflowEngine engine, ConfigurableListableBeanFactory beans) {
        return ConsoleMount.registration(properties, engine, beans, beans.getBeanClassLoader());
    }
}

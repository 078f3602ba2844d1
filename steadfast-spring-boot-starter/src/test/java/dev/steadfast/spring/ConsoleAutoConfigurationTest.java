package dev.steadfast.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.spring.autoconfigure.SteadfastAutoConfiguration;
import dev.steadfast.spring.autoconfigure.SteadfastConsoleAutoConfiguration;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;

/** The console's servlet: registered only when asked for, where asked, and a clear error when its module is missing. */
class ConsoleAutoConfigurationTest {
    @TempDir
    Path dir;

    private WebApplicationContextRunner runner() {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SteadfastAutoConfiguration.class, SteadfastConsoleAutoConfiguration.class))
                .withPropertyValues("steadfast.database=" + dir.resolve("app.db"));
    }

    @Test
    void offUnlessEnabled() {
        runner().run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean("steadfastConsole"));
    }

    @Test
    void enabledItIsAServletUnderThePathAsked() {
        runner().withPropertyValues("steadfast.console.enabled=true", "steadfast.console.path=/ops/runs")
                .run(ctx -> {
                    ServletRegistrationBean<?> console = ctx.getBean("steadfastConsole", ServletRegistrationBean.class);
                    assertThat(console.getUrlMappings()).containsExactly("/ops/runs/*");
                });
    }

    @Test
    void enabledWithoutTheCliModuleSaysWhichDependencyToAdd() {
        runner().withPropertyValues("steadfast.console.enabled=true")
                .withClassLoader(new FilteredClassLoader("dev.steadfast.cli."))
                .run(ctx -> assertThat(ctx.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining(
                                "steadfast.console.enabled=true but the console is not on the class path: add the dependency"
                                        + " dev.steadfast:steadfast-cli"));
    }
}

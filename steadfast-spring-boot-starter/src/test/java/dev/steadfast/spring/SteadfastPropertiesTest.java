package dev.steadfast.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;

/** Bad settings stop the application at startup with a message that names the property and says what to do. */
class SteadfastPropertiesTest {
    @TempDir
    Path dir;

    private void failsWith(ContextConsumer<AssertableApplicationContext> check, String... properties) {
        SteadfastAutoConfigurationTest.runner(dir.resolve("app.db"))
                .withPropertyValues(properties)
                .run(check);
    }

    private static String messages(Throwable t) {
        var out = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            out.append(c.getMessage()).append('\n');
        }
        return out.toString();
    }

    @Test
    void anUnknownSynchronousModeNamesTheProperty() {
        failsWith(
                ctx -> {
                    assertThat(ctx).hasFailed();
                    assertThat(messages(ctx.getStartupFailure()))
                            .contains("steadfast")
                            .contains("synchronous")
                            .contains("SOMETIMES");
                },
                "steadfast.synchronous=SOMETIMES");
    }

    @Test
    void aModelWithoutAProviderSaysTheForm() {
        failsWith(
                ctx -> assertThat(messages(ctx.getStartupFailure()))
                        .contains("steadfast.model must be 'provider:model' (e.g. 'openai:gpt-4.1') but was 'gpt-4.1'"),
                "steadfast.model=gpt-4.1");
    }

    @Test
    void anUnknownModelProviderListsTheKnownOnes() {
        failsWith(
                ctx -> assertThat(messages(ctx.getStartupFailure()))
                        .contains("No model provider for 'nosuch'")
                        .contains("Known providers:"),
                "steadfast.model=nosuch:model");
    }

    @Test
    void halfAnMtlsPairSaysWhichHalfIsMissing() {
        failsWith(
                ctx -> assertThat(messages(ctx.getStartupFailure()))
                        .contains("steadfast.temporal.mtls-cert-chain and steadfast.temporal.mtls-key go together")
                        .contains("only mtls-cert-chain is set"),
                "steadfast.temporal.target=localhost:7233",
                "steadfast.temporal.mtls-cert-chain=/tmp/cert.pem");
    }

    @Test
    void aConsolePathThatIsNotAPathIsRefused() {
        failsWith(
                ctx -> assertThat(messages(ctx.getStartupFailure()))
                        .contains("steadfast.console.path must be a path such as /steadfast"),
                "steadfast.console.path=steadfast/");
    }

    @Test
    void temporalWithoutTheTemporalModuleSaysWhichDependencyToAdd() {
        SteadfastAutoConfigurationTest.runner(dir.resolve("app.db"))
                .withClassLoader(new FilteredClassLoader("dev.steadfast.temporal."))
                .withPropertyValues("steadfast.temporal.target=localhost:7233")
                .run(ctx -> assertThat(messages(ctx.getStartupFailure()))
                        .contains("steadfast-temporal is not on the class path: add the dependency"
                                + " dev.steadfast:steadfast-temporal"));
    }
}

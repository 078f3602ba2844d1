package dev.steadfast.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.model.Model;
import dev.steadfast.run.RunStatus;
import dev.steadfast.spring.autoconfigure.SteadfastAutoConfiguration;
import dev.steadfast.spring.autoconfigure.SteadfastHealthAutoConfiguration;
import dev.steadfast.spring.autoconfigure.SteadfastMetricsAutoConfiguration;
import dev.steadfast.spring.internal.ManagedEngine;
import dev.steadfast.testing.Runs;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

/** The engine bean: opened from properties, with the context's agents and workflows, tied to the context's life. */
class SteadfastAutoConfigurationTest {
    @TempDir
    Path dir;

    static ApplicationContextRunner runner(Path db) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SteadfastAutoConfiguration.class,
                        SteadfastHealthAutoConfiguration.class,
                        SteadfastMetricsAutoConfiguration.class))
                .withPropertyValues("steadfast.database=" + db);
    }

    @Test
    void withDefaultsAnEmbeddedEngineIsOpenOnTheDatabaseOnceTheContextStarts() {
        Path db = dir.resolve("data/app.db");
        runner(db).run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(WorkflowEngine.class).doesNotHaveBean(Model.class);
            ManagedEngine engine = ctx.getBean(ManagedEngine.class);
            assertThat(engine.isRunning()).isTrue();
            assertThat(engine.where()).isEqualTo(db.toAbsolutePath().toString());
            assertThat(Files.exists(db))
                    .as("the database file, with its directory")
                    .isTrue();
            assertThat(engine.list(dev.steadfast.run.RunQuery.all())).isEmpty();
        });
    }

    @Test
    void agentAndWorkflowBeansAreRegisteredAndAnAgentWithDepsGetsThem() {
        runner(dir.resolve("app.db")).withUserConfiguration(TestBeans.class).run(ctx -> {
            WorkflowEngine engine = ctx.getBean(WorkflowEngine.class);
            engine.start(TestBeans.Waiter.class, "w-1", "order 7");
            assertThat(Runs.await(engine, "w-1", r -> r.status() == RunStatus.WAITING)
                            .awaitingSignals())
                    .containsExactly("go");

            @SuppressWarnings("unchecked")
            Agent<Void, String> echo = ctx.getBean("echo", Agent.class);
            AgentResult<String> echoed = engine.start(echo, "a-1", "hi").result(Duration.ofSeconds(30));
            assertThat(echoed.output()).isEqualTo("echo: hi");

            // registered through its RegisteredAgent bean: the tool sees the deps made for this run's id
            Object tenant = engine.start("tenant", "t-1", "who?").result(Duration.ofSeconds(30));
            assertThat(tenant.toString()).contains("tenant is acme-t-1");
            assertThat(engine.history("t-1")).extracting(s -> s.name()).contains("tenant.tool.whoami");
        });
    }

    @Test
    void aWaitingRunResumesInTheNextContextOnTheSameDatabaseWithoutRunningItsStepAgain() {
        Path db = dir.resolve("app.db");
        TestBeans.PREPARED.set(0);
        runner(db).withUserConfiguration(TestBeans.class).run(ctx -> {
            WorkflowEngine engine = ctx.getBean(WorkflowEngine.class);
            engine.start(TestBeans.Waiter.class, "w-2", "order 8");
            Runs.await(engine, "w-2", r -> r.status() == RunStatus.WAITING);
        }); // the context closes: the engine with it, while the run waits
        runner(db).withUserConfiguration(TestBeans.class).run(ctx -> {
            WorkflowEngine engine = ctx.getBean(WorkflowEngine.class);
            assertThat(engine.describe("w-2").status()).isEqualTo(RunStatus.WAITING);
            engine.signal("w-2", "go", "shipped");
            assertThat(engine.handle("w-2", String.class).result(Duration.ofSeconds(30)))
                    .isEqualTo("prepared order 8, then shipped");
            assertThat(engine.history("w-2"))
                    .filteredOn(s -> s.name().equals("prepare"))
                    .hasSize(1)
                    .allSatisfy(s -> assertThat(s.attempts()).isEqualTo(1));
        });
        assertThat(TestBeans.PREPARED)
                .as("the recorded step ran once, across both contexts")
                .hasValue(1);
    }

    @Test
    void theEngineClosesWhenTheContextStopsAndSaysWhyWhenUsedThen() {
        runner(dir.resolve("app.db")).run(ctx -> {
            ManagedEngine engine = ctx.getBean(ManagedEngine.class);
            ctx.getSourceApplicationContext(ConfigurableApplicationContext.class)
                    .stop();
            assertThat(engine.isRunning()).isFalse();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.describe("x"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is not open: it opens when the application context starts");
            ctx.getSourceApplicationContext(ConfigurableApplicationContext.class)
                    .start();
            assertThat(engine.list(dev.steadfast.run.RunQuery.all())).isEmpty();
        });
    }

    @Test
    void steadfastModelIsAModelBeanFromModelsOf() {
        runner(dir.resolve("app.db"))
                .withPropertyValues("steadfast.model=ollama:llama3.2:1b")
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(Model.class);
                    assertThat(ctx.getBean(Model.class).name()).isEqualTo("llama3.2:1b");
                });
    }

    @Test
    void anApplicationsOwnEngineBeanReplacesTheStarters() {
        runner(dir.resolve("app.db"))
                .withBean(
                        "mine",
                        WorkflowEngine.class,
                        () -> dev.steadfast.engine.EmbeddedEngine.builder()
                                .database(dir.resolve("mine.db"))
                                .build())
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(WorkflowEngine.class).doesNotHaveBean(ManagedEngine.class);
                    assertThat(List.of(ctx.getBeanNamesForType(WorkflowEngine.class)))
                            .containsExactly("mine");
                });
    }
}

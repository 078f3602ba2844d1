package dev.steadfast.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.cli.internal.LoopbackTestServer;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.run.RunStatus;
import dev.steadfast.spring.internal.ManagedEngine;
import dev.steadfast.spring.internal.SteadfastHealthIndicator;
import dev.steadfast.spring.internal.SteadfastMeters;
import dev.steadfast.testing.Runs;
import dev.steadfast.workflow.WorkflowEngine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

/** The health component and the meters, read from a real engine. */
class SteadfastHealthTest {
    @TempDir
    Path dir;

    @Test
    void upWithTheOwnerLockHeldAndTheWaitingRunsCounted() {
        SteadfastAutoConfigurationTest.runner(dir.resolve("app.db"))
                .withUserConfiguration(TestBeans.class)
                .run(ctx -> {
                    WorkflowEngine engine = ctx.getBean(WorkflowEngine.class);
                    engine.start(TestBeans.Waiter.class, "w-1", "x");
                    Runs.await(engine, "w-1", r -> r.status() == RunStatus.WAITING);

                    Health health = ctx.getBean("steadfastHealthIndicator", SteadfastHealthIndicator.class)
                            .health();
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails())
                            .containsEntry("engine", "embedded")
                            .containsEntry("ownerLock", "held")
                            .containsEntry("waitingRuns", 1)
                            .containsEntry("pendingApprovals", 0)
                            .containsEntry(
                                    "where",
                                    dir.resolve("app.db").toAbsolutePath().toString());

                    var registry = meters(ctx);
                    assertThat(registry.get("steadfast.runs")
                                    .tag("status", "waiting")
                                    .gauge()
                                    .value())
                            .isEqualTo(1.0);
                    assertThat(registry.get("steadfast.runs")
                                    .tag("status", "running")
                                    .gauge()
                                    .value())
                            .isEqualTo(0.0);
                    assertThat(registry.get("steadfast.signals.awaited").gauge().value())
                            .isEqualTo(1.0);
                    assertThat(registry.get("steadfast.approvals.pending")
                                    .gauge()
                                    .value())
                            .isEqualTo(0.0);
                });
    }

    @Test
    void downOnceTheEngineIsClosed() {
        SteadfastAutoConfigurationTest.runner(dir.resolve("app.db")).run(ctx -> {
            ctx.getSourceApplicationContext(ConfigurableApplicationContext.class)
                    .stop();
            Health health = ctx.getBean(SteadfastHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails().get("problem").toString()).contains("the engine is not open");

            var registry = meters(ctx);
            assertThat(registry.get("steadfast.runs")
                            .tag("status", "waiting")
                            .gauge()
                            .value())
                    .isNaN();
        });
    }

    @Test
    void downWhenTemporalDoesNotAnswer() throws IOException {
        int closedPort;
        try (var s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // nothing listens there once closed
        }
        SteadfastAutoConfigurationTest.runner(dir.resolve("app.db"))
                .withPropertyValues(
                        "steadfast.temporal.target=127.0.0.1:" + closedPort,
                        "steadfast.temporal.worker=false",
                        "steadfast.health.timeout=1s")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    Health health = ctx.getBean(SteadfastHealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.getDetails())
                            .containsEntry("engine", "temporal")
                            .containsEntry("temporal", "unreachable");
                    assertThat(health.getDetails().get("where").toString()).contains("127.0.0.1:" + closedPort);
                });
    }

    @Test
    void onTemporalTheBeansRunThereAndTheHealthSaysTemporalIsReachable() throws IOException {
        try (var server = LoopbackTestServer.start("127.0.0.1", 0)) {
            SteadfastAutoConfigurationTest.runner(dir.resolve("unused.db"))
                    .withUserConfiguration(TestBeans.class)
                    .withPropertyValues(
                            "steadfast.temporal.target=127.0.0.1:" + server.port(),
                            "steadfast.temporal.task-queue=starter-test",
                            "steadfast.health.timeout=20s")
                    .run(ctx -> {
                        WorkflowEngine engine = ctx.getBean(WorkflowEngine.class);
                        engine.start(TestBeans.Waiter.class, "w-t", "order 9");
                        Runs.await(
                                engine,
                                "w-t",
                                r -> r.status() == RunStatus.WAITING
                                        && r.awaitingSignals().contains("go"));

                        Health health =
                                ctx.getBean(SteadfastHealthIndicator.class).health();
                        assertThat(health.getStatus()).isEqualTo(Status.UP);
                        assertThat(health.getDetails())
                                .containsEntry("engine", "temporal")
                                .containsEntry("temporal", "reachable")
                                .containsEntry("waitingRuns", 1);

                        engine.signal("w-t", "go", "shipped");
                        assertThat(engine.handle("w-t", String.class).result(java.time.Duration.ofSeconds(60)))
                                .isEqualTo("prepared order 9, then shipped");
                        Object tenant = engine.start("tenant", "t-t", "who?").result(java.time.Duration.ofSeconds(60));
                        assertThat(tenant.toString()).contains("tenant is acme-t-t");
                    });
            assertThat(Files.exists(dir.resolve("unused.db")))
                    .as("no embedded engine beside Temporal")
                    .isFalse();
        }
    }

    @Test
    void downWithTheOwnerLockNotHeldOnceAnotherEngineTookTheFile() throws Exception {
        Path db = dir.resolve("app.db");
        SteadfastAutoConfigurationTest.runner(db)
                .withUserConfiguration(TestBeans.class)
                .run(ctx -> {
                    var indicator = ctx.getBean(SteadfastHealthIndicator.class);
                    assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
                    // as when the lock's fallback file is deleted or a network file system's lease ends
                    dropOsLock(ctx.getBean(ManagedEngine.class).delegate());
                    try (WorkflowEngine other =
                            EmbeddedEngine.builder().database(db).build()) {
                        WorkflowEngine stale = ctx.getBean(WorkflowEngine.class);
                        Health health = indicator.health();
                        long deadline = System.nanoTime()
                                + java.time.Duration.ofSeconds(30).toNanos();
                        for (int i = 0; health.getStatus() == Status.UP && System.nanoTime() < deadline; i++) {
                            try {
                                stale.start(
                                        TestBeans.Waiter.class, "poke-" + i, "x"); // its next commit meets the fence
                            } catch (IllegalStateException refused) {
                                // the stale engine refuses writes once it knows
                            }
                            Thread.sleep(20);
                            health = indicator.health();
                        }
                        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                        assertThat(health.getDetails()).containsEntry("ownerLock", "not held");
                        assertThat(health.getDetails().get("problem").toString())
                                .contains("lost ownership");
                        assertThat(other.list(dev.steadfast.run.RunQuery.all())).isNotNull();
                    }
                });
    }

    private static void dropOsLock(WorkflowEngine engine) throws ReflectiveOperationException {
        Field store = engine.getClass().getDeclaredField("store");
        store.setAccessible(true);
        Object s = store.get(engine);
        Method release = s.getClass().getDeclaredMethod("releaseOsLock");
        release.setAccessible(true);
        release.invoke(s);
    }

    private static SimpleMeterRegistry meters(org.springframework.context.ApplicationContext ctx) {
        var registry = new SimpleMeterRegistry();
        ctx.getBean(SteadfastMeters.class).bindTo(registry);
        return registry;
    }
}

package dev.steadfast.temporal;

import dev.steadfast.run.RunStatus;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Temporal's in-process test server (time skipping on), with Steadfast's data converter. */
final class TemporalTestEnvironment implements BeforeAllCallback, AfterAllCallback {
    private final boolean timeSkipping;
    private TestWorkflowEnvironment env;

    /**
     * As a JUnit extension ({@code @RegisterExtension static final TemporalTestEnvironment SERVER = new TemporalTestEnvironment();}) it
     * starts one server for a test class and closes it after the class.
     */
    public TemporalTestEnvironment() {
        this(true);
    }

    /**
     * With {@code timeSkipping} off, time runs as on a real server: a client waiting on a blocked run's
     * result no longer makes the server skip ahead to the run's timeout.
     */
    public TemporalTestEnvironment(boolean timeSkipping) {
        this.timeSkipping = timeSkipping;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        env = start(timeSkipping);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        env.close();
    }

    /** The class's server. */
    public TestWorkflowEnvironment env() {
        return env;
    }

    static TestWorkflowEnvironment start() {
        return start(true);
    }

    static TestWorkflowEnvironment start(boolean timeSkipping) {
        return TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setUseTimeskipping(timeSkipping)
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
                        .setDataConverter(TemporalEngine.dataConverter())
                        .build())
                .build());
    }

    static WorkflowEngine engine(TestWorkflowEnvironment env, String taskQueue, Workflow<?, ?>... workflows) {
        return TemporalEngine.builder()
                .client(env.getWorkflowClient())
                .taskQueue(taskQueue)
                .register(workflows)
                .build();
    }

    /**
     * An engine for a contract suite's restarts: a new worker on {@code taskQueue} each time, with no sticky
     * hand-off (the test server never gives up on a closed worker's cache).
     */
    static WorkflowEngine engine(
            TestWorkflowEnvironment env,
            String taskQueue,
            java.util.List<Workflow<?, ?>> workflows,
            java.util.List<dev.steadfast.agent.Agent<?, ?>> agents) {
        return TemporalEngine.builder()
                .client(env.getWorkflowClient())
                .taskQueue(taskQueue)
                .stickyQueueTimeout(java.time.Duration.ZERO)
                .register(workflows.toArray(Workflow[]::new))
                .register(agents.toArray(dev.steadfast.agent.Agent[]::new))
                .build();
    }

    /** Polls {@code describe} until {@code until} holds (real time: the run waits on a worker, not a timer). */
    static void awaitState(WorkflowEngine engine, String id, Predicate<dev.steadfast.run.RunInfo> until) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            dev.steadfast.run.RunInfo info;
            try {
                info = engine.describe(id);
            } catch (dev.steadfast.error.NoSuchRunException notVisibleYet) {
                pause();
                continue;
            }
            if (until.test(info)) {
                return;
            }
            if (info.status().isTerminal()) {
                throw new AssertionError("run " + id + " ended " + info.status() + ": " + info.error());
            }
            pause();
        }
        throw new AssertionError("run " + id + " never reached the expected state; last: " + engine.describe(id));
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void awaitWaitingFor(WorkflowEngine engine, String id, String signal) {
        awaitState(
                engine,
                id,
                i -> i.status() == RunStatus.WAITING && i.awaitingSignals().contains(signal));
    }
}

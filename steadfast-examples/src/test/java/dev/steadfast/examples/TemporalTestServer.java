package dev.steadfast.examples;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import dev.steadfast.temporal.TemporalEngine;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;

/**
 * Temporal's in-process test server for the examples' {@code *OnTemporalTest}s, and workers on it. A
 * "worker restart" closes one engine and opens another on the same server and task queue; without
 * sticky hand-off (the test server never gives up on a closed worker's cache), and with a short
 * workflow-task timeout, so a run that was mid-step moves to the new worker within seconds.
 */
public final class TemporalTestServer implements BeforeAllCallback, AfterAllCallback {
    private TestWorkflowEnvironment env;

    /**
     * As a JUnit extension ({@code @RegisterExtension static final TemporalTestServer SERVER = new TemporalTestServer();}) it
     * starts one server for a test class and closes it after the class.
     */
    public TemporalTestServer() {}

    @Override
    public void beforeAll(ExtensionContext context) {
        env = start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        env.close();
    }

    /** The class's server. */
    public TestWorkflowEnvironment env() {
        return env;
    }

    public static TestWorkflowEnvironment start() {
        return TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
                        .setDataConverter(TemporalEngine.dataConverter()).build())
                .build());
    }

    public static WorkflowEngine worker(TestWorkflowEnvironment env, String taskQueue, Workflow<?, ?>... workflows) {
        return TemporalEngine.builder().client(env.getWorkflowClient()).taskQueue(taskQueue)
                .stickyQueueTimeout(Duration.ZERO).workflowTaskTimeout(Duration.ofSeconds(3))
                .register(workflows).build();
    }
}

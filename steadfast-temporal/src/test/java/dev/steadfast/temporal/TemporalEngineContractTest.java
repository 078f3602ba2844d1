package dev.steadfast.temporal;

import dev.steadfast.testing.WorkflowEngineContract;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The common engine promise on Temporal's in-process test server. One server per class; each test
 * gets its own task queue, and a "restart" closes the worker and opens a new one on the same
 * server and queue (no sticky hand-off: the test server never gives up on a closed worker's cache).
 */
class TemporalEngineContractTest extends WorkflowEngineContract {
    private static TestWorkflowEnvironment env;
    private final String taskQueue = "contract-" + UUID.randomUUID();

    @BeforeAll
    static void startServer() {
        env = TemporalTestEnvironment.start();
    }

    @AfterAll
    static void stopServer() {
        env.close();
    }

    @Override
    protected WorkflowEngine openEngine(List<Workflow<?, ?>> workflows) {
        return TemporalEngine.builder().client(env.getWorkflowClient()).taskQueue(taskQueue)
                .stickyQueueTimeout(Duration.ZERO).register(workflows.toArray(Workflow[]::new)).build();
    }
}

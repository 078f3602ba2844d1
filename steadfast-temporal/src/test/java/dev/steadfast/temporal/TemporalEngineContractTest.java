package dev.steadfast.temporal;

import dev.steadfast.testing.WorkflowEngineContract;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The common engine promise on Temporal's in-process test server. One server per class; each test
 * gets its own task queue, and a "restart" closes the worker and opens a new one on the same
 * server and queue (no sticky hand-off: the test server never gives up on a closed worker's cache).
 * Time skipping is off: with it, waiting on a blocked run's result skips time to the run's timeout.
 */
class TemporalEngineContractTest extends WorkflowEngineContract {
    @RegisterExtension
    static final TemporalTestEnvironment SERVER = new TemporalTestEnvironment(false); // times as a real server
    private final String taskQueue = "contract-" + UUID.randomUUID();


    @Override
    protected WorkflowEngine openEngine(List<Workflow<?, ?>> workflows) {
        return TemporalEngine.builder().client(SERVER.env().getWorkflowClient()).taskQueue(taskQueue)
                .stickyQueueTimeout(Duration.ZERO).register(workflows.toArray(Workflow[]::new)).build();
    }
}

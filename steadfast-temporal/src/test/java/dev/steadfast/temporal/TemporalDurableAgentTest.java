package dev.steadfast.temporal;

import dev.steadfast.agent.Agent;
import dev.steadfast.testing.DurableAgentContract;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Durable agents on Temporal's in-process test server: model requests and tool calls are activities
 * that the worker runs from the agents registered on it by name. A "restart" is a new worker on the
 * same server and task queue.
 */
class TemporalDurableAgentTest extends DurableAgentContract {
    @RegisterExtension
    static final TemporalTestEnvironment SERVER = new TemporalTestEnvironment();
    private final String taskQueue = "agents-" + UUID.randomUUID();


    @Override
    protected WorkflowEngine openEngine(List<Workflow<?, ?>> workflows, List<Agent<?, ?>> agents) {
        return TemporalEngine.builder().client(SERVER.env().getWorkflowClient()).taskQueue(taskQueue)
                .stickyQueueTimeout(Duration.ZERO).register(workflows.toArray(Workflow[]::new))
                .register(agents.toArray(Agent[]::new)).build();
    }
}

package dev.steadfast.temporal;

import dev.steadfast.agent.Agent;
import dev.steadfast.testing.MultiAgentContract;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The multi-agent promise on Temporal's in-process test server: each agent delegated to runs as a child
 * workflow. A "restart" closes the worker and opens a new one on the same server and queue.
 */
class TemporalMultiAgentContractTest extends MultiAgentContract {
    @RegisterExtension
    static final TemporalTestEnvironment SERVER = new TemporalTestEnvironment(false);

    private final String taskQueue = "multi-" + UUID.randomUUID();

    @Override
    protected WorkflowEngine openEngine(List<Workflow<?, ?>> workflows, List<Agent<?, ?>> agents) {
        return TemporalTestEnvironment.engine(SERVER.env(), taskQueue, workflows, agents);
    }
}

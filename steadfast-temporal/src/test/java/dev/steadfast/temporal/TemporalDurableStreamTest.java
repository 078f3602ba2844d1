package dev.steadfast.temporal;

import dev.steadfast.agent.Agent;
import dev.steadfast.testing.DurableStreamContract;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code engine.events} on Temporal's test server: the worker runs in this process, so its model
 * activities stream live to subscribers here (through the engine's in-process hub, not history), and
 * recorded steps come from history.
 */
class TemporalDurableStreamTest extends DurableStreamContract {
    @RegisterExtension
    static final TemporalTestEnvironment SERVER = new TemporalTestEnvironment();

    private final String taskQueue = "stream-" + UUID.randomUUID();

    @Override
    protected WorkflowEngine openEngine(List<Workflow<?, ?>> workflows, List<Agent<?, ?>> agents) {
        return TemporalTestEnvironment.engine(SERVER.env(), taskQueue, workflows, agents);
    }
}

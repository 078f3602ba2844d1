package dev.steadfast.temporal;

import dev.steadfast.agent.Agent;
import dev.steadfast.testing.InspectionContract;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Inspection on Temporal: list rows (visibility plus history) agree with describe, forks count reused steps. */
class TemporalInspectionTest extends InspectionContract {
    @RegisterExtension
    static final TemporalTestEnvironment SERVER = new TemporalTestEnvironment();
    private final String taskQueue = "inspect-" + UUID.randomUUID();

    @Override
    protected WorkflowEngine openEngine(List<Workflow<?, ?>> workflows, List<Agent<?, ?>> agents) {
        return TemporalEngine.builder().client(SERVER.env().getWorkflowClient()).taskQueue(taskQueue)
                .stickyQueueTimeout(Duration.ZERO).register(workflows.toArray(Workflow[]::new))
                .register(agents.toArray(Agent[]::new)).build();
    }
}

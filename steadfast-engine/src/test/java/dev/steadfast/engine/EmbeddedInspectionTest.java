package dev.steadfast.engine;

import dev.steadfast.agent.Agent;
import dev.steadfast.testing.InspectionContract;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** Inspection on the embedded engine: list rows and describe agree, forks count reused steps. */
class EmbeddedInspectionTest extends InspectionContract {
    @TempDir
    Path dir;

    @Override
    protected WorkflowEngine openEngine(List<Workflow<?, ?>> workflows, List<Agent<?, ?>> agents) {
        return EmbeddedEngine.builder().database(dir.resolve("inspect.db"))
                .register(workflows.toArray(Workflow[]::new)).register(agents.toArray(Agent[]::new)).build();
    }
}

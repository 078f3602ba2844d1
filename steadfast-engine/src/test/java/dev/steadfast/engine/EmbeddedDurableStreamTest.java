package dev.steadfast.engine;

import dev.steadfast.agent.Agent;
import dev.steadfast.testing.DurableStreamContract;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** Durable streaming on the embedded engine: model steps stream live to {@code engine.events} subscribers. */
class EmbeddedDurableStreamTest extends DurableStreamContract {
    @TempDir
    Path dir;

    @Override
    protected WorkflowEngine openEngine(List<Workflow<?, ?>> workflows, List<Agent<?, ?>> agents) {
        return EmbeddedEngine.builder()
                .database(dir.resolve("stream.db"))
                .register(workflows.toArray(Workflow[]::new))
                .register(agents.toArray(Agent[]::new))
                .build();
    }
}

package dev.steadfast.engine;

import dev.steadfast.agent.Agent;
import dev.steadfast.testing.DurableAgentContract;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** Durable agents on the embedded engine; waiting runs unload after 50 ms, so approvals resume by replay. */
class EmbeddedDurableAgentTest extends DurableAgentContract {
    @TempDir
    Path dir;

    @Override
    protected WorkflowEngine openEngine(List<Workflow<?, ?>> workflows, List<Agent<?, ?>> agents) {
        return EmbeddedEngine.builder()
                .database(dir.resolve("agents.db"))
                .unloadAfter(Duration.ofMillis(50))
                .register(workflows.toArray(Workflow[]::new))
                .register(agents.toArray(Agent[]::new))
                .build();
    }
}

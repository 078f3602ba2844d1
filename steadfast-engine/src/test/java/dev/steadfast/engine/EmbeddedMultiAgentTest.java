package dev.steadfast.engine;

import dev.steadfast.agent.Agent;
import dev.steadfast.testing.MultiAgentContract;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/** Child runs on the embedded engine; waiting runs unload after 50 ms, so parents resume by replay. */
class EmbeddedMultiAgentTest extends MultiAgentContract {
    @TempDir
    Path dir;

    @Override
    protected WorkflowEngine openEngine(java.util.List<Workflow<?, ?>> workflows, java.util.List<Agent<?, ?>> agents) {
        return EmbeddedEngine.builder()
                .database(dir.resolve("multi.db"))
                .unloadAfter(Duration.ofMillis(50))
                .register(workflows.toArray(Workflow[]::new))
                .register(agents.toArray(Agent[]::new))
                .build();
    }
}

package dev.steadfast.opentelemetry;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedTracingTest extends TracingContract {
    @TempDir
    Path dir;

    @Override
    AgentResult<String> run(Agent<Void, String> agent, String runId) {
        try (WorkflowEngine engine = EmbeddedEngine.builder()
                .database(dir.resolve("runs.db"))
                .register(agent)
                .build()) {
            return engine.start(agent, runId, "Weather in Oslo?").result(Duration.ofSeconds(60));
        }
    }

    @Override
    boolean durable() {
        return true;
    }
}

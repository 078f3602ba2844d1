package dev.steadfast.engine;

import dev.steadfast.testing.WorkflowEngineContract;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The embedded engine keeps the common promise; runs unload after 50 ms so waits are re-entered by replay. */
class EmbeddedEngineContractTest extends WorkflowEngineContract {
    @TempDir
    Path dir;

    @Override
    protected WorkflowEngine openEngine(List<Workflow<?, ?>> workflows) {
        return EmbeddedEngine.builder()
                .database(dir.resolve("contract.db"))
                .unloadAfter(Duration.ofMillis(50))
                .register(workflows.toArray(Workflow[]::new))
                .build();
    }
}

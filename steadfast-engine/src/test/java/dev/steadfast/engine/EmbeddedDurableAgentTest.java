package dev.steadfast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.testing.Runs;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunStatus;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
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

    @Test
    void anUnregisteredAgentFoundAtRecoveryIsAClearErrorInDescribe() throws Exception {
        var release = new CountDownLatch(1);
        var called = new CountDownLatch(1);
        Agent<Void, String> slow = Agent.builder().name("slowpoke").model(new FunctionModel((m, p) -> {
            called.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted by the engine's close", e); // like a killed process
            }
            return ModelResponse.of(TextPart.of("late"));
        })).build();
        try {
            try (WorkflowEngine engine = openEngine(List.of(), List.of(slow))) {
                engine.start(slow, "orphan", "go");
                assertThat(called.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue(); // the run is mid-request
            }
            try (WorkflowEngine engine = openEngine(List.of(), List.of())) {
                RunInfo info = Runs.await(engine, "orphan", r -> r.error() != null);
                assertThat(info.status()).isEqualTo(RunStatus.RUNNING);
                assertThat(info.error().message()).contains("'slowpoke' is not registered",
                        "register the workflow, or the agent of that name");
            }
        } finally {
            release.countDown();
        }
    }
}

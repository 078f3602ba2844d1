package dev.steadfast.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.agent.Agent;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.temporal.internal.SteadfastWorkflow;
import dev.steadfast.temporal.internal.StepBodies;
import dev.steadfast.temporal.internal.WorkerSettings;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.AgentWorkflow;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.workflow.DynamicWorkflow;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Determinism as Temporal checks it: a recorded history replays through Temporal's {@link WorkflowReplayer}
 * with step bodies and a model that fail if called, and a renamed step is rejected.
 */
class TemporalReplayTest {
    record Note(String text) {}

    /** Two steps around a signal; {@code renamed} stands for a deploy that renamed the first step. */
    public static final class Recorded implements Workflow<String, String> {
        private final boolean renamed;
        private final boolean bodiesFail;

        Recorded(boolean renamed, boolean bodiesFail) {
            this.renamed = renamed;
            this.bodiesFail = bodiesFail;
        }

        @Override
        public String name() {
            return "Recorded";
        }

        @Override
        public String run(WorkflowContext ctx, String input) {
            String a = ctx.step(renamed ? "fetch-v2" : "fetch", String.class, () -> body(input + "-a"));
            String go = ctx.awaitSignal("go", String.class);
            return a + "-" + go + "-" + ctx.step("store", String.class, () -> body("b"));
        }

        private String body(String v) {
            if (bodiesFail) {
                throw new AssertionError("a replayed step must not run");
            }
            return v;
        }
    }

    static Agent<Void, String> noter(boolean modelFails) {
        return Agent.builder()
                .name("noter")
                .model(new FunctionModel((messages, params) -> {
                    if (modelFails) {
                        throw new AssertionError("a replayed model request must not be sent");
                    }
                    return messages.size() == 1
                            ? ModelResponse.of(ToolCallPart.of("note", Map.of("text", "n")))
                            : ModelResponse.of(TextPart.of("noted"));
                }))
                .tool("note", "take a note", Note.class, (ctx, n) -> n.text())
                .build();
    }

    @RegisterExtension
    static final TemporalTestEnvironment SERVER = new TemporalTestEnvironment();

    private static WorkflowExecutionHistory record(String id, Workflow<?, ?> workflow, Agent<?, ?> agent) {
        try (WorkflowEngine engine = TemporalEngine.builder()
                .client(SERVER.env().getWorkflowClient())
                .taskQueue("record")
                .register(workflow)
                .register(agent)
                .build()) {
            if (id.startsWith("agent")) {
                engine.start(agent.name(), id, "take a note").result(Duration.ofSeconds(30));
            } else {
                engine.start("Recorded", id, "in");
                TemporalTestEnvironment.awaitWaitingFor(engine, id, "go");
                engine.signal(id, "go", "go!");
                assertThat(engine.handle(id, String.class).result(Duration.ofSeconds(30)))
                        .isEqualTo("in-a-go!-b");
            }
        }
        return SERVER.env().getWorkflowClient().fetchHistory(id);
    }

    private static Worker replayer(Workflow<?, ?> workflow) {
        Worker worker = SERVER.env().newWorker("replay-" + System.nanoTime());
        var settings = new WorkerSettings(
                "replay",
                TemporalEngine.dataConverter(),
                2 << 20,
                8 << 10,
                "replay@here",
                Duration.ofSeconds(10),
                Set.of(),
                new StepBodies(),
                51_200,
                50L << 20,
                10_000,
                10L << 20);
        worker.registerWorkflowImplementationFactory(
                DynamicWorkflow.class, () -> new SteadfastWorkflow(Map.of(workflow.name(), workflow), settings));
        return worker;
    }

    @Test
    void aRecordedHistoryReplaysWithoutRunningAnyStep() throws Exception {
        WorkflowExecutionHistory history = record("steps-1", new Recorded(false, false), noter(false));
        WorkflowReplayer.replayWorkflowExecution(history, replayer(new Recorded(false, true)));
    }

    @Test
    void anAgentRunReplaysWithoutSendingAnyModelRequest() throws Exception {
        WorkflowExecutionHistory history = record("agent-1", new Recorded(false, false), noter(false));
        WorkflowReplayer.replayWorkflowExecution(history, replayer(new AgentWorkflow<>(noter(true))));
    }

    /**
     * The engine's own check names both steps (and logs it); Temporal's replayer reports it as the
     * non-determinism of the next recorded step, which the blocked code no longer reaches.
     */
    @Test
    void aRenamedStepIsRejected() {
        WorkflowExecutionHistory history = record("steps-2", new Recorded(false, false), noter(false));
        assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(history, replayer(new Recorded(true, true))))
                .hasMessageContaining("NonDeterministicException");
    }
}

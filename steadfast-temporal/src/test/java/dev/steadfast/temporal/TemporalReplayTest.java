package dev.steadfast.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.UserPromptPart;
import dev.steadfast.temporal.internal.SteadfastWorkflow;
import dev.steadfast.temporal.internal.StepBodies;
import dev.steadfast.temporal.internal.WorkerSettings;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.AgentWorkflow;
import dev.steadfast.workflow.ChildRun;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.workflow.DynamicWorkflow;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
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

    private static Worker replayer(Workflow<?, ?>... workflows) {
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
                DynamicWorkflow.class,
                () -> new SteadfastWorkflow(
                        Arrays.stream(workflows).collect(Collectors.toMap(Workflow::name, w -> w)), settings));
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

    /** Two agents started at once, the first to end taken, then both, then one more: child workflows each. */
    public static final class Team implements Workflow<String, String> {
        private final Agent<Void, String> helper;

        Team(Agent<Void, String> helper) {
            this.helper = helper;
        }

        @Override
        public String name() {
            return "Team";
        }

        @Override
        public String run(WorkflowContext ctx, String input) {
            List<ChildRun<String>> runs = List.of(ctx.start(helper, input + " a"), ctx.start(helper, input + " b"));
            String first = ctx.any(runs).result().output();
            List<String> all = ctx.all(runs).stream().map(AgentResult::output).toList();
            return first + " | " + all + " | " + ctx.run(helper, input + " c").output();
        }
    }

    static Agent<Void, String> helper(boolean modelFails) {
        return Agent.builder()
                .name("helper")
                .model(new FunctionModel((messages, params) -> {
                    if (modelFails) {
                        throw new AssertionError("a replayed model request must not be sent");
                    }
                    String prompt = ((ModelRequest) messages.getFirst())
                            .parts().stream()
                                    .filter(UserPromptPart.class::isInstance)
                                    .map(p -> ((UserPromptPart) p).content())
                                    .findFirst()
                                    .orElse("");
                    return ModelResponse.of(TextPart.of("helped: " + prompt));
                }))
                .build();
    }

    @Test
    void aParentReplaysWithoutStartingItsChildrenAgainAndEachChildReplaysOnItsOwn() throws Exception {
        Agent<Void, String> helper = helper(false);
        String out;
        try (WorkflowEngine engine = TemporalEngine.builder()
                .client(SERVER.env().getWorkflowClient())
                .taskQueue("record-team")
                .register(new Team(helper))
                .register(helper)
                .build()) {
            out = (String) engine.start("Team", "team-1", "x").result(Duration.ofSeconds(60));
            assertThat(engine.describe("team-1").childIds()).containsExactly("team-1.c1", "team-1.c2", "team-1.c4");
        }
        assertThat(out).endsWith(" | [helped: x a, helped: x b] | helped: x c");
        Agent<Void, String> failing = helper(true);
        // the replay must take the same first child and start no child, model request or step anew
        WorkflowReplayer.replayWorkflowExecution(
                SERVER.env().getWorkflowClient().fetchHistory("team-1"),
                replayer(new Team(failing), new AgentWorkflow<>(failing)));
        for (String child : List.of("team-1.c1", "team-1.c2", "team-1.c4")) {
            WorkflowReplayer.replayWorkflowExecution(
                    SERVER.env().getWorkflowClient().fetchHistory(child),
                    replayer(new Team(failing), new AgentWorkflow<>(failing)));
        }
    }

    private static WorkflowEngine stumbling(String taskQueue, Agent<Void, String> stumbler) {
        return TemporalEngine.builder()
                .client(SERVER.env().getWorkflowClient())
                .taskQueue(taskQueue)
                .register(new ChildEnds.Stumble(stumbler))
                .register(stumbler)
                .build();
    }

    private static WorkflowExecutionHistory stored(String id) throws java.io.IOException {
        try (var in = TemporalReplayTest.class.getResourceAsStream("/histories/" + id + ".json")) {
            return WorkflowExecutionHistory.fromJson(
                    new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), id);
        }
    }

    /**
     * Histories written before a failed child's usage reached its parent (its failure without details, the parent's
     * step without metrics; a cancelled child's step never recorded) replay on today's code.
     */
    @Test
    void childRunsThatFailedOrWereCancelledBeforeFailuresCarriedUsageReplay() throws Exception {
        Agent<Void, String> stumbler = ChildEnds.stumbler(true);
        for (String id : List.of("failed-child", "failed-child.c1", "cancelled-child", "cancelled-child.c1")) {
            WorkflowReplayer.replayWorkflowExecution(
                    stored(id), replayer(new ChildEnds.Stumble(stumbler), new AgentWorkflow<>(stumbler)));
        }
    }

    @Test
    void aChildThatFailedAfterUsingTokensReplaysAndItsParentCountsWhatItUsed() throws Exception {
        Agent<Void, String> stumbler = ChildEnds.stumbler(false);
        try (WorkflowEngine engine = stumbling("record-stumble", stumbler)) {
            Object out = engine.start("Stumble", "stumble-1", "stumble").result(Duration.ofSeconds(30));
            assertThat(out).isEqualTo("failed in stumble-1.c1: dev.steadfast.model.ModelHttpException");
            var child = engine.describe("stumble-1.c1");
            assertThat(child.usage().requests()).isEqualTo(1);
            assertThat(engine.describe("stumble-1").usage()).isEqualTo(child.usage());
            assertThat(engine.history("stumble-1").getFirst().usage()).isEqualTo(child.usage());
        }
        Agent<Void, String> replaying = ChildEnds.stumbler(true);
        for (String id : List.of("stumble-1", "stumble-1.c1")) {
            WorkflowReplayer.replayWorkflowExecution(
                    SERVER.env().getWorkflowClient().fetchHistory(id),
                    replayer(new ChildEnds.Stumble(replaying), new AgentWorkflow<>(replaying)));
        }
    }

    @Test
    void aParentCancelledWhileItsChildRanRecordsTheChildsStepAndReplays() throws Exception {
        Agent<Void, String> stumbler = ChildEnds.stumbler(false);
        try (WorkflowEngine engine = stumbling("record-cancel", stumbler)) {
            engine.start("Stumble", "cancel-1", "publish");
            dev.steadfast.testing.Runs.await(
                    engine, "cancel-1", r -> !r.pendingApprovals().isEmpty());
            engine.cancel("cancel-1");
            dev.steadfast.testing.Runs.await(
                    engine, "cancel-1", r -> r.status() == dev.steadfast.run.RunStatus.CANCELLED);
            var step = engine.history("cancel-1").getFirst();
            assertThat(step.status()).isEqualTo(dev.steadfast.run.StepStatus.FAILED);
            assertThat(step.error().type()).isEqualTo(dev.steadfast.error.CancelledException.class.getName());
        }
        Agent<Void, String> replaying = ChildEnds.stumbler(true);
        WorkflowReplayer.replayWorkflowExecution(
                SERVER.env().getWorkflowClient().fetchHistory("cancel-1"),
                replayer(new ChildEnds.Stumble(replaying), new AgentWorkflow<>(replaying)));
    }
}

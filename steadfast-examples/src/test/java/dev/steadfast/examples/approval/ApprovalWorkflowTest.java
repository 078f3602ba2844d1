package dev.steadfast.examples.approval;

import dev.steadfast.testing.Runs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.examples.approval.Analysis.Risk;
import dev.steadfast.testing.RecordedRequest;
import dev.steadfast.testing.ScriptedModel;
import dev.steadfast.workflow.RunInfo;
import dev.steadfast.workflow.RunStatus;
import dev.steadfast.workflow.StepKind;
import dev.steadfast.workflow.StepRecord;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApprovalWorkflowTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Request REQUEST = new Request("Refund order 1234 ($420): the parcel arrived damaged.");
    private static final Analysis ANALYSIS = new Analysis("Refund a damaged parcel", "1. Refund $420 to the card.", Risk.MEDIUM);

    @TempDir
    Path dir;

    private final ScriptedModel analystModel = new ScriptedModel("analyst-model");
    private final ScriptedModel executorModel = new ScriptedModel("executor-model");
    private final List<String> submitted = new CopyOnWriteArrayList<>();
    private WorkflowEngine engine;

    @BeforeEach
    void scriptTheAnalyst() {
        analystModel.enqueueToolCall("final_result",
                Map.of("summary", ANALYSIS.summary(), "plan", ANALYSIS.plan(), "risk", "MEDIUM"));
        engine = open();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    /** Waiting runs unload after 50 ms, so the decision is taken up by replaying the run. */
    private WorkflowEngine open() {
        Agent<Void, Analysis> analyst = ApprovalWorkflow.analyst(analystModel);
        Agent<Void, String> executor = ApprovalWorkflow.executor(executorModel);
        return EmbeddedEngine.builder().database(dir.resolve("approvals.db")).unloadAfter(Duration.ofMillis(50))
                .register(new ApprovalWorkflow(analyst, executor, (id, request, analysis) -> submitted.add(id)))
                .build();
    }

    private void restart() {
        engine.close();
        engine = open();
    }

    @Test
    void anApprovalThatArrivesAfterRestartsExecutesThePlanWithoutAnalysingAgain() {
        executorModel.enqueueText("Refunded $420 to the card ending 4242.");
        engine.start(ApprovalWorkflow.class, "req-1", REQUEST);
        awaitRun("req-1", this::waitsForApproval);

        restart();
        assertThat(engine.describe("req-1")).satisfies(info -> {
            assertThat(info.status()).isEqualTo(RunStatus.WAITING);
            assertThat(info.awaitingSignals()).containsExactly("approval");
        });
        restart();
        engine.signal("req-1", ApprovalWorkflow.APPROVAL_SIGNAL, Approval.approve("Within the refund policy."));
        Outcome outcome = engine.handle("req-1", Outcome.class).result(WAIT);

        assertThat(outcome).isEqualTo(Outcome.executed(ANALYSIS, "Refunded $420 to the card ending 4242."));
        assertThat(analystModel.requestCount()).as("analyst model calls across 3 engines").isEqualTo(1);
        assertThat(analystModel.takeRequest().lastUserPrompt()).contains(REQUEST.text());
        assertThat(submitted).containsExactly("req-1");
        RecordedRequest execute = executorModel.takeRequest();
        assertThat(execute.lastUserPrompt()).contains(ANALYSIS.plan()).contains("Within the refund policy.");
        assertThat(executorModel.requestCount()).isEqualTo(1);
        List<StepRecord> history = engine.history("req-1");
        assertThat(history).extracting(StepRecord::name)
                .containsExactly("analyst.model", "submit_for_review", "approval", "executor.model");
        assertThat(history).extracting(StepRecord::kind)
                .containsExactly(StepKind.MODEL, StepKind.STEP, StepKind.SIGNAL, StepKind.MODEL);
        assertThat(history.get(2).output().path("reason").asText()).isEqualTo("Within the refund policy.");
    }

    @Test
    void aRejectionEndsTheRunWithTheReasonAndTheExecutorNeverRuns() {
        engine.start(ApprovalWorkflow.class, "req-2", REQUEST);
        awaitRun("req-2", this::waitsForApproval);
        restart();

        engine.signal("req-2", ApprovalWorkflow.APPROVAL_SIGNAL, Approval.reject("Over the $200 limit."));
        Outcome outcome = engine.handle("req-2", Outcome.class).result(WAIT);

        assertThat(outcome).isEqualTo(Outcome.rejected(ANALYSIS, "Over the $200 limit."));
        assertThat(executorModel.requestCount()).isZero();
        assertThat(analystModel.requestCount()).isEqualTo(1);
        assertThat(engine.history("req-2")).extracting(StepRecord::name)
                .containsExactly("analyst.model", "submit_for_review", "approval");
        assertThat(engine.describe("req-2").status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void theOfflineExampleRunsToTheEnd() throws Exception {
        var printed = new ByteArrayOutputStream();
        Outcome o = ApprovalExample.run(dir.resolve("example.db"), ApprovalExample.offlineAnalyst(),
                ApprovalExample.offlineExecutor(), new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(o.executed()).isTrue();
        assertThat(o.analysis().summary()).isEqualTo("A customer asks: " + ApprovalExample.REQUEST.text());
        assertThat(o.report()).isEqualTo("Done: all 3 steps of the plan were carried out.");
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("Review needed for refund-1234", "is WAITING for [approval]", "still WAITING");
    }

    private boolean waitsForApproval(RunInfo info) {
        return info.status() == RunStatus.WAITING && info.awaitingSignals().contains("approval");
    }

    private RunInfo awaitRun(String id, Predicate<RunInfo> condition) {
        return Runs.await(engine, id, condition, WAIT);
    }
}

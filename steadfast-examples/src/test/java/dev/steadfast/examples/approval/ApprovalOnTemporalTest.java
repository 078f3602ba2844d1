package dev.steadfast.examples.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.examples.TemporalTestServer;
import dev.steadfast.examples.approval.Analysis.Risk;
import dev.steadfast.testing.ScriptedModel;
import dev.steadfast.workflow.RunInfo;
import dev.steadfast.workflow.RunStatus;
import dev.steadfast.workflow.StepKind;
import dev.steadfast.workflow.StepRecord;
import dev.steadfast.workflow.WorkflowEngine;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The seed's pattern 2, {@link ApprovalWorkflow} unchanged, on Temporal: the approval wait survives worker restarts. */
class ApprovalOnTemporalTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Request REQUEST = new Request("Refund order 1234 ($420): the parcel arrived damaged.");
    private static final Analysis ANALYSIS = new Analysis("Refund a damaged parcel", "1. Refund $420 to the card.", Risk.MEDIUM);

    static TestWorkflowEnvironment env;

    private final String queue = "approvals-" + UUID.randomUUID();
    private final ScriptedModel analystModel = new ScriptedModel("analyst-model");
    private final ScriptedModel executorModel = new ScriptedModel("executor-model");
    private final List<String> submitted = new CopyOnWriteArrayList<>();
    private WorkflowEngine engine;

    @BeforeAll
    static void start() {
        env = TemporalTestServer.start();
    }

    @AfterAll
    static void stop() {
        env.close();
    }

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

    private WorkflowEngine open() {
        return TemporalTestServer.worker(env, queue, new ApprovalWorkflow(ApprovalWorkflow.analyst(analystModel),
                ApprovalWorkflow.executor(executorModel), (id, request, analysis) -> submitted.add(id)));
    }

    private void restartWorker() {
        engine.close();
        engine = open();
    }

    @Test
    void anApprovalThatArrivesAfterWorkerRestartsExecutesThePlanWithoutAnalysingAgain() {
        executorModel.enqueueText("Refunded $420 to the card ending 4242.");
        engine.start(ApprovalWorkflow.class, "req-1", REQUEST);
        awaitApprovalWait("req-1");

        restartWorker();
        assertThat(engine.describe("req-1")).satisfies(info -> {
            assertThat(info.status()).isEqualTo(RunStatus.WAITING);
            assertThat(info.awaitingSignals()).containsExactly("approval");
        });
        restartWorker();
        engine.signal("req-1", ApprovalWorkflow.APPROVAL_SIGNAL, Approval.approve("Within the refund policy."));
        Outcome outcome = engine.handle("req-1", Outcome.class).result(WAIT);

        assertThat(outcome).isEqualTo(Outcome.executed(ANALYSIS, "Refunded $420 to the card ending 4242."));
        assertThat(analystModel.requestCount()).as("analyst model calls across 3 workers").isEqualTo(1);
        assertThat(submitted).containsExactly("req-1");
        assertThat(executorModel.takeRequest().lastUserPrompt()).contains(ANALYSIS.plan()).contains("Within the refund policy.");
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
        awaitApprovalWait("req-2");
        restartWorker();

        engine.signal("req-2", ApprovalWorkflow.APPROVAL_SIGNAL, Approval.reject("Over the $200 limit."));

        assertThat(engine.handle("req-2", Outcome.class).result(WAIT)).isEqualTo(Outcome.rejected(ANALYSIS, "Over the $200 limit."));
        assertThat(executorModel.requestCount()).isZero();
        assertThat(analystModel.requestCount()).isEqualTo(1);
        assertThat(engine.describe("req-2").status()).isEqualTo(RunStatus.COMPLETED);
    }

    private void awaitApprovalWait(String id) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        RunInfo info = engine.describe(id);
        while (!(info.status() == RunStatus.WAITING && info.awaitingSignals().contains("approval"))) {
            assertThat(System.nanoTime()).as("run %s never waited for approval; last: %s", id, info).isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            info = engine.describe(id);
        }
    }
}

package dev.steadfast.examples.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.examples.approval.Analysis.Risk;
import dev.steadfast.testing.RecordedRequest;
import dev.steadfast.testing.Runs;
import dev.steadfast.testing.ScriptedModel;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepKind;
import dev.steadfast.run.StepRecord;
import dev.steadfast.workflow.WorkflowEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed's pattern 2 on any engine: {@link ApprovalWorkflow}, unchanged, waits for a human across
 * restarts. Subclasses say how to open an engine; {@link #restart()} opens it again on the same state.
 */
abstract class ApprovalWorkflowContract {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Request REQUEST = new Request("Refund order 1234 ($420): the parcel arrived damaged.");
    static final Analysis ANALYSIS = new Analysis("Refund a damaged parcel", "1. Refund $420 to the card.", Risk.MEDIUM);

    final ScriptedModel analystModel = new ScriptedModel("analyst-model");
    final ScriptedModel executorModel = new ScriptedModel("executor-model");
    final List<String> submitted = new CopyOnWriteArrayList<>();
    WorkflowEngine engine;

    /** An engine running {@code workflow}, on the same state every time it is called in one test. */
    abstract WorkflowEngine open(ApprovalWorkflow workflow);

    @BeforeEach
    void scriptTheAnalyst() {
        analystModel.enqueueToolCall("final_result",
                Map.of("summary", ANALYSIS.summary(), "plan", ANALYSIS.plan(), "risk", "MEDIUM"));
        engine = openWorkflow();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private WorkflowEngine openWorkflow() {
        return open(new ApprovalWorkflow(ApprovalWorkflow.analyst(analystModel), ApprovalWorkflow.executor(executorModel),
                (id, request, analysis) -> submitted.add(id)));
    }

    void restart() {
        engine.close();
        engine = openWorkflow();
    }

    @Test
    void anApprovalThatArrivesAfterRestartsExecutesThePlanWithoutAnalysingAgain() {
        executorModel.enqueueText("Refunded $420 to the card ending 4242.");
        engine.start(ApprovalWorkflow.class, "req-1", REQUEST);
        awaitApprovalWait("req-1");

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
        awaitApprovalWait("req-2");
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

    private RunInfo awaitApprovalWait(String id) {
        return Runs.await(engine, id, i -> i.status() == RunStatus.WAITING && i.awaitingSignals().contains("approval"), WAIT);
    }
}

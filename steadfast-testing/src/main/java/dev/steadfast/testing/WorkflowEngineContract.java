package dev.steadfast.testing;

import static dev.steadfast.testing.ContractWorkflows.executions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.error.NoSuchRunException;
import dev.steadfast.error.PayloadTooLargeException;
import dev.steadfast.error.ResultTimeoutException;
import dev.steadfast.error.WorkflowFailedException;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunQuery;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepKind;
import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import dev.steadfast.workflow.WorkflowHandle;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The promise every {@link WorkflowEngine} keeps, as tests: steps recorded and never executed
 * again, retries, waits, cancel, inspection, fork, compensation and approvals. An engine's test
 * extends this class and says how to open the engine; the suite calls {@link #openEngine} again
 * after closing it to check that runs survive a restart.
 *
 * <pre>{@code
 * class EmbeddedEngineContractTest extends WorkflowEngineContract {
 *     @TempDir Path dir;
 *
 *     protected WorkflowEngine openEngine(List<Workflow<?, ?>> workflows) {
 *         return EmbeddedEngine.builder().database(dir.resolve("test.db"))
 *                 .register(workflows.toArray(Workflow[]::new)).build();
 *     }
 * }
 * }</pre>
 */
public abstract class WorkflowEngineContract {
    /** How long a test waits for a run to reach a state. */
    protected static final Duration WAIT = Duration.ofSeconds(20);

    protected WorkflowEngine engine;

    /**
     * Opens the engine under test with {@code workflows} registered. Called again after
     * {@code close()} to simulate a restart: it must open the same state (same file, same
     * namespace), fresh for each test.
     */
    protected abstract WorkflowEngine openEngine(List<Workflow<?, ?>> workflows);

    @BeforeEach
    void openForTest() {
        engine = openEngine(ContractWorkflows.all());
    }

    @AfterEach
    void closeAfterTest() {
        if (engine != null) {
            engine.close();
        }
    }

    /** Closes the engine and opens it again on the same state. */
    protected void restart() {
        engine.close();
        engine = openEngine(ContractWorkflows.all());
    }

    protected static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Polls {@code describe} until {@code condition} holds. */
    protected RunInfo awaitRun(String id, Predicate<RunInfo> condition) {
        return Runs.await(engine, id, condition, WAIT);
    }

    protected RunInfo awaitSignalWait(String id, String signal) {
        return awaitRun(id, r -> r.status() == RunStatus.WAITING && r.awaitingSignals().contains(signal));
    }

    private static StepRecord step(List<StepRecord> history, String name) {
        return history.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no step '" + name + "' in " + history));
    }

    @Test
    void recordedStepsAreNotExecutedAgainAfterARestart() {
        String id = newId("steps");
        engine.start(ContractWorkflows.StepsAndSignal.class, id, "in");
        awaitSignalWait(id, "go");
        restart();
        engine.signal(id, "go", "go!");
        assertThat(engine.handle(id, String.class).result(WAIT)).isEqualTo("in-a-go!-b");
        assertThat(executions(id, "a")).isEqualTo(1);
        assertThat(executions(id, "b")).isEqualTo(1);
        assertThat(engine.history(id)).extracting(StepRecord::name).containsExactly("a", "go", "b");
    }

    @Test
    void resultGivesUpWithResultTimeoutWhileTheRunGoesOn() {
        String id = newId("timeout");
        WorkflowHandle<String> h = engine.start(ContractWorkflows.StepsAndSignal.class, id, "in");
        awaitSignalWait(id, "go");
        assertThatThrownBy(() -> h.result(Duration.ofMillis(200))).isInstanceOfSatisfying(ResultTimeoutException.class,
                e -> assertThat(e.workflowId()).isEqualTo(id));
        engine.signal(id, "go", "go!");
        assertThat(h.result(WAIT)).isEqualTo("in-a-go!-b");
    }

    @Test
    void aStepResultOverThePayloadLimitFailsTheRunOnceWithPayloadTooLarge() {
        String id = newId("big");
        WorkflowHandle<Integer> h = engine.start(ContractWorkflows.BigResult.class, id, "x");
        assertThatThrownBy(() -> h.result(WAIT)).isInstanceOfSatisfying(WorkflowFailedException.class, e -> {
            assertThat(e.status()).isEqualTo(RunStatus.FAILED);
            assertThat(e.error().type()).isEqualTo(PayloadTooLargeException.class.getName());
            assertThat(e.error().message()).contains("'big'").contains("payload limit of 2097152 bytes");
        });
        assertThat(executions(id, "big")).isEqualTo(1);
    }

    @Test
    void retriesUntilSuccessAndThrowsStepFailedIntoTheWorkflowWhenExhausted() {
        String id = newId("retries");
        String out = engine.start(ContractWorkflows.Retries.class, id, "x").result(WAIT);
        assertThat(out).isEqualTo("ok@3|java.lang.UnsupportedOperationException:never works|3");
        List<StepRecord> history = engine.history(id);
        StepRecord flaky = step(history, "flaky");
        assertThat(flaky.status()).isEqualTo(StepStatus.COMPLETED);
        assertThat(flaky.attempts()).isEqualTo(3);
        assertThat(flaky.failedAttempts()).hasSize(2);
        assertThat(flaky.failedAttempts().get(0).error().message()).isEqualTo("flaky attempt 1");
        assertThat(flaky.failedAttempts().get(0).nextAttemptAt()).isNotNull();
        StepRecord hopeless = step(history, "hopeless");
        assertThat(hopeless.status()).isEqualTo(StepStatus.FAILED);
        assertThat(hopeless.error().type()).isEqualTo(UnsupportedOperationException.class.getName());
        assertThat(executions(id, "hopeless")).isEqualTo(3);
    }

    @Test
    void nonRetryableErrorFailsAtOnceAndUncaughtFailsTheRun() {
        String id = newId("nonretry");
        WorkflowHandle<String> h = engine.start(ContractWorkflows.NonRetryable.class, id, "42");
        assertThatThrownBy(() -> h.result(WAIT)).isInstanceOfSatisfying(WorkflowFailedException.class, e -> {
            assertThat(e.status()).isEqualTo(RunStatus.FAILED);
            assertThat(e.error().type()).isEqualTo(IllegalArgumentException.class.getName());
            assertThat(e.error().message()).isEqualTo("bad input: 42");
        });
        assertThat(executions(id, "validate")).isEqualTo(1);
        RunInfo info = engine.describe(id);
        assertThat(info.status()).isEqualTo(RunStatus.FAILED);
        assertThat(info.error().message()).isEqualTo("bad input: 42");
        assertThat(info.endedAt()).isNotNull();
    }

    @Test
    void signalsSentBeforeTheWaitAreBufferedAndConsumedInOrder() {
        String id = newId("signals");
        WorkflowHandle<List<String>> h = engine.start(ContractWorkflows.CollectSignals.class, id, 3);
        engine.signal(id, "item", "x");
        engine.signal(id, "item", "y");
        engine.signal(id, "unrelated", "ignored");
        engine.signal(id, "item", "z");
        assertThat(h.result(WAIT)).containsExactly("x", "y", "z");
        assertThat(engine.history(id)).filteredOn(s -> s.kind() == StepKind.SIGNAL).extracting(s -> s.output().asText())
                .containsExactly("x", "y", "z");
    }

    @Test
    void awaitSignalWithTimeoutReturnsEmptyWhenNothingComes() {
        String id = newId("sigtimeout");
        WorkflowHandle<String> h = engine.start(ContractWorkflows.SignalTimeout.class, id, 150L);
        awaitSignalWait(id, "late");
        engine.signal(id, "late", "here");
        assertThat(h.result(WAIT)).isEqualTo("timed-out/here");
    }

    @Test
    void sleepIsADurableTimerThatSurvivesARestart() {
        String id = newId("sleep");
        engine.start(ContractWorkflows.Sleeper.class, id, 700L);
        awaitRun(id, r -> r.status() == RunStatus.WAITING);
        restart();
        assertThat(engine.handle(id, String.class).result(WAIT)).isEqualTo("slept 700");
        assertThat(executions(id, "before")).isEqualTo(1);
        StepRecord sleep = engine.history(id).get(1);
        assertThat(sleep.kind()).isEqualTo(StepKind.SLEEP);
        assertThat(sleep.status()).isEqualTo(StepStatus.COMPLETED);
        assertThat(sleep.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(650));
    }

    @Test
    void startIsIdempotentPerWorkflowId() {
        String id = newId("idem");
        WorkflowHandle<String> first = engine.start(ContractWorkflows.StepsAndSignal.class, id, "first");
        WorkflowHandle<String> second = engine.start(ContractWorkflows.StepsAndSignal.class, id, "second");
        assertThat(second.workflowId()).isEqualTo(first.workflowId());
        awaitSignalWait(id, "go");
        engine.signal(id, "go", "g");
        assertThat(second.result(WAIT)).isEqualTo("first-a-g-b");
        assertThat(executions(id, "a")).isEqualTo(1);
        assertThat(engine.list(RunQuery.all().withIdContaining(id))).hasSize(1);
    }

    @Test
    void cancelThrowsIntoTheWaitAndTheRunEndsCancelledAfterCompensating() {
        String id = newId("cancel");
        WorkflowHandle<String> h = engine.start(ContractWorkflows.CancelWithCompensation.class, id, "x");
        awaitSignalWait(id, "never");
        engine.cancel(id);
        assertThatThrownBy(() -> h.result(WAIT)).isInstanceOfSatisfying(WorkflowFailedException.class,
                e -> assertThat(e.status()).isEqualTo(RunStatus.CANCELLED));
        assertThat(executions(id, "book")).isEqualTo(1);
        assertThat(executions(id, "unbook")).isEqualTo(1);
        assertThat(engine.describe(id).status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(engine.history(id)).anyMatch(s -> s.kind() == StepKind.COMPENSATION && s.name().equals("unbook"));
    }

    @Test
    void describeListAndHistoryShowWhatHappened() {
        String id = newId("inspect");
        WorkflowHandle<List<String>> h = engine.start(ContractWorkflows.Parallel.class, id, "question");
        RunInfo waiting = awaitSignalWait(id, "done");
        assertThat(waiting.workflowType()).isEqualTo("Parallel");
        assertThat(waiting.input().asText()).isEqualTo("question");
        assertThat(waiting.usage().inputTokens()).isEqualTo(100);
        assertThat(waiting.usage().outputTokens()).isEqualTo(20);
        assertThat(waiting.cost()).isEqualByComparingTo(new BigDecimal("0.0015"));
        engine.signal(id, "done", "ok");
        assertThat(h.result(WAIT)).containsExactly("r0", "error:java.lang.IllegalStateException", "r2");

        RunInfo done = engine.describe(id);
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output().get(0).asText()).isEqualTo("r0");
        assertThat(done.createdAt()).isNotNull();
        assertThat(done.endedAt()).isNotNull();
        assertThat(done.stepCount()).isEqualTo(5);

        List<StepRecord> history = engine.history(id);
        assertThat(history).extracting(StepRecord::seq).containsExactly(1, 2, 3, 4, 5);
        assertThat(history).extracting(StepRecord::name)
                .containsExactly("agent.model", "agent.tool.t0", "agent.tool.t1", "agent.tool.t2", "done");
        assertThat(history.get(0).kind()).isEqualTo(StepKind.MODEL);
        assertThat(history.get(0).input().asText()).isEqualTo("question");
        assertThat(history.get(0).usage().inputTokens()).isEqualTo(100);
        assertThat(history.get(1).output().asText()).isEqualTo("r0");
        assertThat(history.get(2).status()).isEqualTo(StepStatus.FAILED);
        assertThat(history.get(2).error().message()).isEqualTo("t1 fails");
        assertThat(history.get(3).startedAt()).isNotNull();
        assertThat(history.get(3).endedAt()).isNotNull();

        assertThat(engine.list(RunQuery.all().withIdContaining(id).withStatus(RunStatus.COMPLETED)))
                .extracting(RunInfo::workflowId).containsExactly(id);
        assertThat(engine.list(RunQuery.all().withIdContaining(id).withStatus(RunStatus.FAILED))).isEmpty();
        assertThat(engine.list(RunQuery.all().withType("Parallel").withIdContaining(id))).hasSize(1);
        assertThatThrownBy(() -> engine.describe("no-such-" + id)).isInstanceOf(NoSuchRunException.class);
    }

    @Test
    void listIsNewestFirstWithPaging() throws InterruptedException {
        String tag = newId("page");
        for (int i = 0; i < 3; i++) {
            engine.start(ContractWorkflows.Sleeper.class, tag + "-" + i, 1L).result(WAIT);
            Thread.sleep(5); // distinct creation times
        }
        assertThat(engine.list(RunQuery.all().withIdContaining(tag))).extracting(RunInfo::workflowId)
                .containsExactly(tag + "-2", tag + "-1", tag + "-0");
        assertThat(engine.list(RunQuery.all().withIdContaining(tag).withLimit(1).withOffset(1)))
                .extracting(RunInfo::workflowId).containsExactly(tag + "-1");
    }

    @Test
    void forkCopiesTheJournalBeforeTheStepAndRunsTheRestOnTodaysCode() {
        String id = newId("fork");
        WorkflowHandle<String> h = engine.start(ContractWorkflows.Fixable.class, id, id);
        assertThatThrownBy(() -> h.result(WAIT)).isInstanceOf(WorkflowFailedException.class);
        ContractWorkflows.FIXED.put(id, true);
        String forkId = id + "-fixed";
        WorkflowHandle<Object> forked = engine.fork(id, 2, forkId);
        assertThat(forked.result(WAIT)).isEqualTo("one#1+two");
        assertThat(executions(id, "one")).isEqualTo(1);
        assertThat(executions(forkId, "one")).isZero();
        assertThat(executions(forkId, "two")).isEqualTo(1);
        assertThat(engine.describe(forkId).forkedFrom()).isEqualTo(id);
        assertThat(engine.describe(id).status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void compensationsRunInReverseOrderAsDurableSteps() {
        String id = newId("saga");
        assertThat(engine.start(ContractWorkflows.Saga.class, id, "trip").result(WAIT)).isEqualTo("compensated");
        assertThat(engine.history(id)).filteredOn(s -> s.kind() == StepKind.COMPENSATION).extracting(StepRecord::name)
                .containsExactly("cancel-hotel", "cancel-flight");
        assertThat(executions(id, "cancel-hotel")).isEqualTo(1);
        assertThat(executions(id, "cancel-flight")).isEqualTo(1);
    }

    @Test
    void approvalIsADurableWaitVisibleInDescribeAndSurvivesARestart() {
        String id = newId("approve");
        engine.start(ContractWorkflows.Approval.class, id, "call-1");
        RunInfo info = awaitRun(id, r -> r.status() == RunStatus.WAITING && !r.pendingApprovals().isEmpty());
        assertThat(info.pendingApprovals()).singleElement().satisfies(p -> {
            assertThat(p.toolCallId()).isEqualTo("call-1");
            assertThat(p.toolName()).isEqualTo("deleteFile");
            assertThat(p.args().get("path").asText()).isEqualTo("/tmp/x");
        });
        restart();
        engine.approve(id, "call-1");
        assertThat(engine.handle(id, String.class).result(WAIT)).isEqualTo("deleted#1");
        assertThat(engine.history(id)).extracting(StepRecord::kind).containsExactly(StepKind.APPROVAL, StepKind.TOOL);
        assertThat(engine.describe(id).pendingApprovals()).isEmpty();
    }

    @Test
    void deniedApprovalTellsTheReason() {
        String id = newId("deny");
        engine.start(ContractWorkflows.Approval.class, id, "call-2");
        awaitRun(id, r -> !r.pendingApprovals().isEmpty());
        engine.deny(id, "call-2", "not on prod");
        assertThat(engine.handle(id, String.class).result(WAIT)).isEqualTo("denied: not on prod");
        assertThat(executions(id, "deleteFile")).isZero();
    }

    @Test
    void nowAndRandomnessAreTheSameOnReplay() {
        String id = newId("determ");
        engine.start(ContractWorkflows.DeterministicValues.class, id, "x");
        awaitSignalWait(id, "go");
        restart();
        engine.signal(id, "go", "");
        assertThat(engine.handle(id, Boolean.class).result(WAIT)).isTrue();
    }

    @Test
    void signalToAnUnknownRunIsRefused() {
        assertThatThrownBy(() -> engine.signal(newId("ghost"), "go", "x")).isInstanceOf(NoSuchRunException.class);
    }
}

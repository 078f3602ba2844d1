package dev.steadfast.engine;

import static dev.steadfast.engine.TestEngines.WAIT;
import static dev.steadfast.engine.TestEngines.awaitRun;
import static dev.steadfast.engine.TestEngines.count;
import static dev.steadfast.engine.TestEngines.counted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.engine.EmbeddedEngine.Access;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepRecord;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interrupts are not failures of a run: one that reaches a waiting run, or a flag workflow code left set,
 * never fails it or charges its next step a failed attempt; closing the engine leaves every run as it was.
 */
class InterruptTest {
    private static final Map<String, Thread> THREADS = new ConcurrentHashMap<>();
    private static final Map<String, CountDownLatch> STARTED = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    private WorkflowEngine open(Workflow<?, ?>... workflows) {
        return EmbeddedEngine.builder().database(dir.resolve("interrupts.db")).unloadAfter(Duration.ofMinutes(1))
                .register(workflows).build();
    }

    /** Notes its thread, then waits for the signal "go" (kept loaded: the unload threshold is a minute). */
    static final class AwaitsGo implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
            THREADS.put(ctx.workflowId(), Thread.currentThread());
            return "got " + ctx.awaitSignal("go", String.class);
        }
    }

    @Test
    void anInterruptWhileARunAwaitsASignalDoesNotFailIt() {
        try (WorkflowEngine engine = open(new AwaitsGo())) {
            engine.start(AwaitsGo.class, "awaiting", "");
            awaitRun(engine, "awaiting", r -> r.awaitingSignals().contains("go"));
            Thread run = THREADS.get("awaiting");
            run.interrupt();
            // the run either failed on it (the bug) or dropped the flag and parked again
            awaitRun(engine, "awaiting", r -> r.status().isTerminal()
                    || !run.isInterrupted() && run.getState() == Thread.State.TIMED_WAITING);
            assertThat(engine.describe("awaiting").status()).isEqualTo(RunStatus.WAITING);
            engine.signal("awaiting", "go", "it");
            assertThat(engine.handle("awaiting", String.class).result(WAIT)).isEqualTo("got it");
        }
    }

    /** Leaves its interrupt flag set, sleeps, then runs a step that blocks (and would fail if interrupted). */
    static final class FlagLeftSet implements Workflow<Boolean, String> {
        public String run(WorkflowContext ctx, Boolean withSignal) {
            Thread.currentThread().interrupt();
            if (withSignal) {
                ctx.awaitSignal("never", String.class, Duration.ofMillis(200));
            } else {
                ctx.sleep(Duration.ofMillis(200));
            }
            return ctx.step("after", String.class, () -> {
                count(ctx.workflowId() + "/after");
                Thread.sleep(5);
                return Thread.currentThread().isInterrupted() ? "interrupted" : "clean";
            });
        }
    }

    @Test
    void aFlagLeftSetBeforeAWaitGivesTheNextStepNoSpuriousFailedAttempt() {
        try (WorkflowEngine engine = open(new FlagLeftSet())) {
            for (boolean withSignal : new boolean[] {false, true}) {
                String id = "flag-" + withSignal;
                assertThat(engine.start(FlagLeftSet.class, id, withSignal).result(WAIT)).isEqualTo("clean");
                StepRecord after = engine.history(id).get(1);
                assertThat(after.name()).isEqualTo("after");
                assertThat(after.attempts()).isEqualTo(1);
                assertThat(after.failedAttempts()).isEmpty();
                assertThat(counted(id + "/after")).isEqualTo(1);
            }
        }
    }

    /** Leaves its interrupt flag set, notes its thread, and sleeps for as long as its input says. */
    static final class SleepsInterrupted implements Workflow<Long, String> {
        public String run(WorkflowContext ctx, Long millis) {
            THREADS.put(ctx.workflowId(), Thread.currentThread());
            Thread.currentThread().interrupt();
            ctx.sleep(Duration.ofMillis(millis));
            return "slept";
        }
    }

    @Test
    void aSleepWithTheInterruptFlagSetParksInsteadOfSpinning() throws Exception {
        try (WorkflowEngine engine = open(new SleepsInterrupted())) {
            engine.start(SleepsInterrupted.class, "parked", 600_000L);
            awaitRun(engine, "parked", r -> r.status() == RunStatus.WAITING);
            Thread run = THREADS.get("parked");
            int runnable = 0;
            for (int i = 0; i < 50; i++) { // a spinning wait is runnable nearly always; a parked one almost never
                runnable += run.getState() == Thread.State.RUNNABLE ? 1 : 0;
                Thread.sleep(10);
            }
            assertThat(runnable).as("samples of 50 in which the sleeping run's thread was runnable").isLessThan(25);
            assertThat(engine.describe("parked").status()).isEqualTo(RunStatus.WAITING);
        }
    }

    /** Blocks in a step (interruptibly) the first time; returns at once after a restart. */
    static final class BlocksInAStep implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
            return ctx.step("slow", String.class, () -> {
                if (count(ctx.workflowId() + "/slow") == 1) {
                    STARTED.get(ctx.workflowId()).countDown();
                    Thread.sleep(TimeUnit.MINUTES.toMillis(10));
                }
                return "done";
            });
        }
    }

    /** Sleeps a long time, then finishes. */
    static final class SleepsLong implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
            ctx.sleep(Duration.ofMillis(in.isEmpty() ? 1 : Long.parseLong(in)));
            return "woke";
        }
    }

    @Test
    void closingTheEngineLeavesRunsInAStepASleepOrAWaitAsTheyWere() {
        STARTED.put("in-step", new CountDownLatch(1));
        try (WorkflowEngine engine = open(new BlocksInAStep(), new SleepsLong(), new AwaitsGo())) {
            engine.start(BlocksInAStep.class, "in-step", "");
            engine.start(SleepsLong.class, "sleeping", "600000");
            engine.start(AwaitsGo.class, "signal-wait", "");
            awaitRun(engine, "sleeping", r -> r.status() == RunStatus.WAITING);
            awaitRun(engine, "signal-wait", r -> r.awaitingSignals().contains("go"));
            awaitRun(engine, "in-step", r -> STARTED.get("in-step").getCount() == 0);
        } // close() interrupts all three threads
        try (WorkflowEngine look = EmbeddedEngine.builder().database(dir.resolve("interrupts.db"))
                .access(Access.READ_ONLY).build()) {
            RunInfo inStep = look.describe("in-step");
            assertThat(inStep.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(inStep.error()).isNull();
            assertThat(look.history("in-step")).isEmpty(); // the interrupted attempt is not a failed attempt
            for (String id : new String[] {"sleeping", "signal-wait"}) {
                assertThat(look.describe(id).status()).isEqualTo(RunStatus.WAITING);
                assertThat(look.describe(id).error()).isNull();
            }
        }
        try (WorkflowEngine engine = open(new BlocksInAStep(), new SleepsLong(), new AwaitsGo())) {
            assertThat(engine.handle("in-step", String.class).result(WAIT)).isEqualTo("done");
            engine.signal("signal-wait", "go", "later");
            assertThat(engine.handle("signal-wait", String.class).result(WAIT)).isEqualTo("got later");
            assertThat(engine.describe("sleeping").status()).isEqualTo(RunStatus.WAITING);
        }
        assertThat(counted("in-step/slow")).isEqualTo(2); // the step in flight at the close, and only it, ran again
    }
}

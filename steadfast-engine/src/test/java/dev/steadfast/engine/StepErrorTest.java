package dev.steadfast.engine;

import static dev.steadfast.engine.TestEngines.WAIT;
import static dev.steadfast.engine.TestEngines.count;
import static dev.steadfast.engine.TestEngines.counted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.steadfast.error.StepFailedException;
import dev.steadfast.error.WorkflowFailedException;
import dev.steadfast.run.AttemptRecord;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import dev.steadfast.step.RetryPolicy;
import dev.steadfast.step.StepOptions;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step body that throws an {@link Error} makes a failed attempt under the step's retry policy, recorded
 * with its error; the run ends (or goes on) as for any other failure, never hangs RUNNING, and a restart
 * does not run the body again.
 */
class StepErrorTest {
    @TempDir
    Path dir;

    private WorkflowEngine open(Workflow<?, ?>... workflows) {
        return EmbeddedEngine.builder().database(dir.resolve("errors.db")).register(workflows).build();
    }

    private static StepOptions attempts(int n, Duration timeout) {
        return StepOptions.builder().retry(RetryPolicy.builder().maxAttempts(n).initialInterval(Duration.ofMillis(10))
                .build()).timeout(timeout).build();
    }

    /** A step whose body fails an assertion every time: two attempts. */
    static final class Asserting implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
            return ctx.step("check", String.class, attempts(2, null), () -> {
                count(ctx.workflowId() + "/check");
                throw new AssertionError("balance must not be negative");
            });
        }
    }

    @Test
    void anAssertionErrorIsAFailedAttemptRetriedByPolicyThenTheRunFails() {
        try (WorkflowEngine engine = open(new Asserting())) {
            engine.start(Asserting.class, "assert", "");
            Throwable thrown = catchThrowable(() -> engine.handle("assert", String.class).result(WAIT));
            assertThat(thrown).isInstanceOfSatisfying(WorkflowFailedException.class, e -> {
                assertThat(e.status()).isEqualTo(RunStatus.FAILED);
                assertThat(e.error().type()).isEqualTo(AssertionError.class.getName());
                assertThat(e.error().message()).isEqualTo("balance must not be negative");
            });
            StepRecord check = engine.history("assert").get(0);
            assertThat(check.status()).isEqualTo(StepStatus.FAILED);
            assertThat(check.failedAttempts()).extracting(a -> a.error().type())
                    .containsExactly(AssertionError.class.getName(), AssertionError.class.getName());
        }
        try (WorkflowEngine engine = open(new Asserting())) { // a restart finds it ended: nothing runs again
            assertThat(engine.describe("assert").status()).isEqualTo(RunStatus.FAILED);
        }
        assertThat(counted("assert/check")).isEqualTo(2);
    }

    /** Recurses without end, in a step with no timeout (on the run's thread) or with one (on a thread of its own). */
    static final class Overflowing implements Workflow<Boolean, String> {
        public String run(WorkflowContext ctx, Boolean withTimeout) {
            return ctx.step("recurse", String.class, attempts(1, withTimeout ? Duration.ofMinutes(1) : null),
                    () -> String.valueOf(depth(0)));
        }

        private static int depth(int n) {
            return depth(n + 1) + 1;
        }
    }

    @Test
    void aStackOverflowFailsTheStepOnTheRunsThreadAndOnAStepThread() {
        try (WorkflowEngine engine = open(new Overflowing())) {
            for (boolean withTimeout : new boolean[] {false, true}) {
                String id = "overflow-" + withTimeout;
                engine.start(Overflowing.class, id, withTimeout);
                Throwable thrown = catchThrowable(() -> engine.handle(id, String.class).result(WAIT));
                assertThat(thrown).isInstanceOfSatisfying(WorkflowFailedException.class,
                        e -> assertThat(e.error().type()).isEqualTo(StackOverflowError.class.getName()));
                StepRecord recurse = engine.history(id).get(0);
                assertThat(recurse.status()).isEqualTo(StepStatus.FAILED);
                assertThat(recurse.error().type()).isEqualTo(StackOverflowError.class.getName());
            }
        }
    }

    /** Asks for an array the VM cannot make (a real OutOfMemoryError) on the first attempt only. */
    static final class OutOfMemoryOnce implements Workflow<String, Integer> {
        public Integer run(WorkflowContext ctx, String in) {
            return ctx.step("allocate", Integer.class, attempts(3, null), () -> {
                if (count(ctx.workflowId() + "/allocate") == 1) {
                    long[] huge = new long[Integer.MAX_VALUE];
                    return huge.length;
                }
                return 42;
            });
        }
    }

    @Test
    void anOutOfMemoryErrorIsAFailedAttemptAndTheNextAttemptSucceeds() {
        try (WorkflowEngine engine = open(new OutOfMemoryOnce())) {
            assertThat(engine.start(OutOfMemoryOnce.class, "oom", "").result(WAIT)).isEqualTo(42);
            StepRecord allocate = engine.history("oom").get(0);
            assertThat(allocate.status()).isEqualTo(StepStatus.COMPLETED);
            assertThat(allocate.attempts()).isEqualTo(2);
            assertThat(allocate.failedAttempts()).extracting(AttemptRecord::attempt).containsExactly(1);
            assertThat(allocate.failedAttempts().get(0).error().type()).isEqualTo(OutOfMemoryError.class.getName());
        }
        assertThat(counted("oom/allocate")).isEqualTo(2);
    }

    /** Catches the failed step and degrades: an Error in a step is a StepFailedException like any other failure. */
    static final class Degrading implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
            try {
                return ctx.step("risky", String.class, attempts(1, null), () -> {
                    throw new AssertionError("no");
                });
            } catch (StepFailedException e) {
                return "fallback after " + e.errorType();
            }
        }
    }

    @Test
    void workflowCodeCatchesAStepThatThrewAnErrorAsAFailedStep() {
        try (WorkflowEngine engine = open(new Degrading())) {
            assertThat(engine.start(Degrading.class, "degrade", "").result(WAIT))
                    .isEqualTo("fallback after java.lang.AssertionError");
        }
    }

    /** Workflow code (not a step) fails an assertion after one step. */
    static final class AssertsInCode implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
            String v = ctx.step("read", String.class, () -> "value");
            if (v.equals("value")) {
                throw new AssertionError("the workflow's own invariant broke");
            }
            return v;
        }
    }

    @Test
    void anErrorThrownByWorkflowCodeFailsTheRunWithItsError() {
        try (WorkflowEngine engine = open(new AssertsInCode())) {
            engine.start(AssertsInCode.class, "code", "");
            Throwable thrown = catchThrowable(() -> engine.handle("code", String.class).result(WAIT));
            assertThat(thrown).isInstanceOfSatisfying(WorkflowFailedException.class, e -> {
                assertThat(e.status()).isEqualTo(RunStatus.FAILED);
                assertThat(e.error().type()).isEqualTo(AssertionError.class.getName());
                assertThat(e.error().message()).isEqualTo("the workflow's own invariant broke");
            });
        }
    }
}

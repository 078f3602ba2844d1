package dev.steadfast.engine;

import static dev.steadfast.engine.TestEngines.WAIT;
import static dev.steadfast.engine.TestEngines.awaitRun;
import static dev.steadfast.engine.TestEngines.count;
import static dev.steadfast.engine.TestEngines.counted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.error.PayloadTooLargeException;
import dev.steadfast.error.StepFailedException;
import dev.steadfast.error.StepOutcomeUnknownException;
import dev.steadfast.run.AttemptRecord;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import dev.steadfast.step.RetryPolicy;
import dev.steadfast.step.StepContext;
import dev.steadfast.step.StepOptions;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Steps under failure: backoff across restarts, at-most-once, timeouts, the payload limit, idempotency keys, timers. */
class StepExecutionTest {
    @TempDir
    Path dir;

    private WorkflowEngine open(Workflow<?, ?>... workflows) {
        return EmbeddedEngine.builder().database(dir.resolve("steps.db")).unloadAfter(Duration.ofMillis(50))
                .register(workflows).build();
    }

    /** Always fails; 3 attempts 400 ms apart. */
    static final class AlwaysFails implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
            return ctx.step("doomed", String.class, StepOptions.builder().retry(RetryPolicy.builder().maxAttempts(3)
                    .initialInterval(Duration.ofMillis(400)).backoffCoefficient(1.0).build()).build(), () -> {
                        throw new IllegalStateException("attempt " + count(ctx.workflowId() + "/doomed"));
                    });
        }
    }

    @Test
    void aRestartDuringBackoffResumesTheWaitAndTheAttemptCount() {
        try (WorkflowEngine engine = open(new AlwaysFails())) {
            engine.start(AlwaysFails.class, "backoff", "");
            TestEngines.awaitRun(engine, "backoff", r -> !engine.history("backoff").isEmpty()
                    && engine.history("backoff").get(0).status() == StepStatus.RETRYING);
        }
        try (WorkflowEngine engine = open(new AlwaysFails())) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(
                    () -> engine.handle("backoff", String.class).result(WAIT))).hasMessageContaining("IllegalStateException: attempt 3");
            StepRecord doomed = engine.history("backoff").get(0);
            assertThat(doomed.status()).isEqualTo(StepStatus.FAILED);
            assertThat(doomed.attempts()).isEqualTo(3);
            assertThat(doomed.failedAttempts()).extracting(AttemptRecord::attempt).containsExactly(1, 2, 3);
            assertThat(counted("backoff/doomed")).isEqualTo(3);
            AttemptRecord first = doomed.failedAttempts().get(0);
            AttemptRecord second = doomed.failedAttempts().get(1);
            assertThat(second.failedAt()).isAfterOrEqualTo(first.nextAttemptAt()); // the wait was kept, not restarted
            assertThat(doomed.failedAttempts().get(2).nextAttemptAt()).isNull();
        }
    }

    static final CountDownLatch NEVER = new CountDownLatch(1);

    /** Charges a card at most once; the first charge hangs until the engine dies under it. */
    static final class ChargeOnce implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
            try {
                return ctx.step("charge", String.class, StepOptions.builder().atMostOnce().build(), () -> {
                    count(ctx.workflowId() + "/charge");
                    NEVER.await();
                    return "charged";
                });
            } catch (StepOutcomeUnknownException e) {
                return "unknown: " + e.getMessage();
            }
        }
    }

    @Test
    void anAtMostOnceStepInterruptedByACrashIsNeverRunAgain() {
        try (WorkflowEngine engine = open(new ChargeOnce())) {
            engine.start(ChargeOnce.class, "card", "");
            awaitRun(engine, "card", r -> counted("card/charge") == 1);
        } // the engine stops mid-step: the step was started, never recorded
        try (WorkflowEngine engine = open(new ChargeOnce())) {
            assertThat(engine.handle("card", String.class).result(WAIT)).startsWith("unknown: Step 1 'charge'");
            assertThat(counted("card/charge")).isEqualTo(1);
            assertThat(engine.history("card").get(0).error().type()).isEqualTo(StepOutcomeUnknownException.class.getName());
        }
        try (WorkflowEngine engine = open(new ChargeOnce())) { // and it replays the same way
            assertThat(engine.describe("card").status()).isEqualTo(RunStatus.COMPLETED);
        }
    }

    /** A step that returns its input's worth of characters; the failure is caught. */
    static final class BigResult implements Workflow<Integer, String> {
        public String run(WorkflowContext ctx, Integer size) {
            try {
                return ctx.step("big", String.class, () -> {
                    count(ctx.workflowId() + "/big");
                    return "x".repeat(size);
                }).substring(0, 1);
            } catch (StepFailedException e) {
                return e.errorType() + " after " + e.attempts() + ": " + e.errorMessage();
            }
        }
    }

    @Test
    void aResultOverThePayloadLimitFailsTheStepAtOnceAndWritesNothingOfIt() {
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(dir.resolve("small.db")).maxPayloadBytes(4096)
                .register(new BigResult()).build()) {
            String out = engine.start(BigResult.class, "big", 10_000).result(WAIT);
            assertThat(out).startsWith(PayloadTooLargeException.class.getName() + " after 1: The result of step 'big' is 10002 bytes")
                    .contains("payload limit of 4096 bytes");
            assertThat(counted("big/big")).isEqualTo(1);
            StepRecord big = engine.history("big").get(0);
            assertThat(big.status()).isEqualTo(StepStatus.FAILED);
            assertThat(big.output()).isNull();
            assertThat(engine.start(BigResult.class, "small", 100).result(WAIT)).isEqualTo("x");
        }
    }

    /** A step that hangs on its first attempt and returns its idempotency key on the second. */
    static final class SlowThenFast implements Workflow<String, List<String>> {
        static final List<String> KEYS = new java.util.concurrent.CopyOnWriteArrayList<>();

        public List<String> run(WorkflowContext ctx, String in) {
            String key = ctx.step("call", String.class, StepOptions.builder().timeout(Duration.ofMillis(150))
                    .retry(RetryPolicy.builder().maxAttempts(2).initialInterval(Duration.ofMillis(10)).build()).build(), () -> {
                        KEYS.add(StepContext.idempotencyKey());
                        if (count(ctx.workflowId() + "/call") == 1) {
                            Thread.sleep(10_000);
                        }
                        return StepContext.idempotencyKey();
                    });
            return new ArrayList<>(List.of(key));
        }
    }

    @Test
    void aTimedOutAttemptIsAFailedAttemptAndTheIdempotencyKeyIsStable() {
        try (WorkflowEngine engine = open(new SlowThenFast())) {
            assertThat(engine.start(SlowThenFast.class, "slow", "").result(WAIT)).containsExactly("slow/1");
            assertThat(SlowThenFast.KEYS).containsExactly("slow/1", "slow/1");
            StepRecord call = engine.history("slow").get(0);
            assertThat(call.attempts()).isEqualTo(2);
            assertThat(call.failedAttempts().get(0).error().type()).isEqualTo(TimeoutException.class.getName());
            assertThat(call.failedAttempts().get(0).error().message()).contains("timed out after 150 ms");
        }
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2030-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        public Instant instant() {
            return now;
        }

        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** Sleeps an hour. */
    static final class Nap implements Workflow<String, Instant> {
        public Instant run(WorkflowContext ctx, String in) {
            ctx.sleep(Duration.ofHours(1));
            return ctx.now();
        }
    }

    @Test
    void timersFollowTheEnginesClockNotTheWallClock() {
        var clock = new MovableClock();
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(dir.resolve("clock.db")).clock(clock)
                .unloadAfter(Duration.ofMillis(20)).register(new Nap()).build()) {
            var h = engine.start(Nap.class, "nap", "");
            var waiting = awaitRun(engine, "nap", r -> r.status() == RunStatus.WAITING);
            assertThat(waiting.wakeAt()).isEqualTo(Instant.parse("2030-01-01T01:00:00Z"));
            TestEngines.sleep(100); // unloaded by now: the timer, not a thread, must wake it
            assertThat(engine.describe("nap").status()).isEqualTo(RunStatus.WAITING);
            clock.advance(Duration.ofMinutes(61));
            assertThat(h.result(WAIT)).isEqualTo(Instant.parse("2030-01-01T01:01:00Z"));
        }
    }
}

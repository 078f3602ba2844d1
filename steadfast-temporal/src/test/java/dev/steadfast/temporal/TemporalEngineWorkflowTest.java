package dev.steadfast.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.step.RetryPolicy;
import dev.steadfast.run.RunStatus;
import dev.steadfast.error.StepFailedException;
import dev.steadfast.step.StepOptions;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import dev.steadfast.error.WorkflowFailedException;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Steps, retries, signals, timers and start idempotency on Temporal's test server. The cases are
 * the engine contract's; once {@code WorkflowEngineContract} lands this class extends it.
 */
class TemporalEngineWorkflowTest {
    static final AtomicInteger GREETS = new AtomicInteger();
    static final AtomicInteger FLAKY = new AtomicInteger();
    static final AtomicInteger BAD_INPUT = new AtomicInteger();

    public record Greeting(String text, int length) {}

    public static final class Greeter implements Workflow<String, Greeting> {
        @Override
        public Greeting run(WorkflowContext ctx, String name) {
            String text = ctx.step("greet", String.class, () -> {
                GREETS.incrementAndGet();
                return "Hello, " + name;
            });
            int length = ctx.step("measure", Integer.class, text::length);
            return new Greeting(text, length);
        }
    }

    /** Fails twice with a retryable error, then the workflow catches the exhausted step and degrades. */
    public static final class Degrading implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String input) {
            var options = StepOptions.builder().retry(RetryPolicy.builder().maxAttempts(3)
                    .initialInterval(Duration.ofMillis(100)).build()).build();
            try {
                return ctx.step("flaky", String.class, options, () -> {
                    FLAKY.incrementAndGet();
                    throw new IllegalStateException("service down");
                });
            } catch (StepFailedException e) {
                return "degraded: " + e.errorType() + " / " + e.errorMessage() + " after " + e.attempts();
            }
        }
    }

    /** A non-retryable error, uncaught: the run fails at once with the original error. */
    public static final class Strict implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String input) {
            var options = StepOptions.builder().retry(RetryPolicy.builder().maxAttempts(5)
                    .nonRetryable(IllegalArgumentException.class).build()).build();
            return ctx.step("validate", String.class, options, () -> {
                BAD_INPUT.incrementAndGet();
                throw new NumberFormatException("not a number: " + input);   // a subclass of the non-retryable type
            });
        }
    }

    /** Waits for "start", then takes two "data" signals (sent before it waited: buffered, FIFO). */
    public static final class Collector implements Workflow<String, List<String>> {
        @Override
        public List<String> run(WorkflowContext ctx, String input) {
            ctx.awaitSignal("start", String.class);
            var out = new ArrayList<String>();
            out.add(ctx.awaitSignal("data", String.class));
            out.add(ctx.awaitSignal("data", String.class));
            Optional<String> late = ctx.awaitSignal("data", String.class, Duration.ofHours(2));
            out.add(late.orElse("timed out"));
            return out;
        }
    }

    /** Sleeps a day: durable timer, skipped through by the test server. */
    public static final class Sleeper implements Workflow<String, Long> {
        @Override
        public Long run(WorkflowContext ctx, String input) {
            var before = ctx.now();
            ctx.sleep(Duration.ofDays(1));
            return Duration.between(before, ctx.now()).toHours();
        }
    }

    /** Workflow code (not a step) throws: the run fails, the workflow task is not retried forever. */
    public static final class Thrower implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String input) {
            throw new IllegalArgumentException("no such customer: " + input);
        }
    }

    /** A step that outlives its timeout, and a step that wrongly calls the context from inside its body. */
    public static final class Misbehaving implements Workflow<String, List<String>> {
        @Override
        public List<String> run(WorkflowContext ctx, String input) {
            var out = new ArrayList<String>();
            var once = StepOptions.builder().retry(RetryPolicy.NONE).timeout(Duration.ofMillis(200)).build();
            try {
                ctx.step("slow", String.class, once, () -> {
                    Thread.sleep(1_000);
                    return "late";
                });
            } catch (StepFailedException e) {
                out.add(e.errorType());
            }
            try {
                ctx.step("nested", String.class, () -> ctx.randomUUID().toString());
            } catch (StepFailedException e) {
                out.add(e.attempts() + " " + e.errorMessage());
            }
            return out;
        }
    }

    /** A step that must never run twice. */
    public static final class Careful implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String input) {
            return ctx.step("charge", String.class, StepOptions.builder().atMostOnce().build(), () -> "charged");
        }
    }

    static TestWorkflowEnvironment env;
    static WorkflowEngine engine;

    @BeforeAll
    static void start() {
        env = TemporalTestEnvironment.start();
        engine = TemporalTestEnvironment.engine(env, "workflow-test", new Greeter(), new Degrading(), new Strict(),
                new Collector(), new Sleeper(), new Thrower(), new Misbehaving(), new Careful());
    }

    @AfterAll
    static void stop() {
        engine.close();
        env.close();
    }

    @Test
    void stepsRunOnceAndReturnTheirValues() {
        int before = GREETS.get();
        Greeting g = engine.start(Greeter.class, "greet-1", "Ada").result(Duration.ofSeconds(30));
        assertThat(g).isEqualTo(new Greeting("Hello, Ada", 10));
        assertThat(GREETS.get() - before).isEqualTo(1);
    }

    @Test
    void startIsIdempotentPerId() {
        int before = GREETS.get();
        var first = engine.start(Greeter.class, "greet-idem", "Bob");
        var second = engine.start(Greeter.class, "greet-idem", "someone else");
        assertThat(second.result(Duration.ofSeconds(30))).isEqualTo(new Greeting("Hello, Bob", 10));
        assertThat(first.result(Duration.ofSeconds(30))).isEqualTo(new Greeting("Hello, Bob", 10));
        // also after the run ended: the same id never starts again
        var third = engine.start("Greeter", "greet-idem", "Carol");
        assertThat(third.result(Duration.ofSeconds(30))).isEqualTo(new Greeting("Hello, Bob", 10));
        assertThat(GREETS.get() - before).isEqualTo(1);
    }

    @Test
    void exhaustedRetriesReachWorkflowCodeAsStepFailedException() {
        FLAKY.set(0);
        String out = engine.start(Degrading.class, "degrade-1", "x").result(Duration.ofSeconds(30));
        assertThat(out).isEqualTo("degraded: java.lang.IllegalStateException / service down after 3");
        assertThat(FLAKY.get()).isEqualTo(3);
    }

    @Test
    void nonRetryableErrorFailsTheRunAtOnceWithTheOriginalError() {
        BAD_INPUT.set(0);
        var h = engine.start(Strict.class, "strict-1", "abc");
        assertThatThrownBy(() -> h.result(Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(WorkflowFailedException.class, e -> {
                    assertThat(e.status()).isEqualTo(RunStatus.FAILED);
                    assertThat(e.error().type()).isEqualTo(NumberFormatException.class.getName());
                    assertThat(e.error().message()).isEqualTo("not a number: abc");
                });
        assertThat(BAD_INPUT.get()).isEqualTo(1);
        var info = engine.describe("strict-1");
        assertThat(info.status()).isEqualTo(RunStatus.FAILED);
        assertThat(info.error().type()).isEqualTo(NumberFormatException.class.getName());
    }

    @Test
    void signalsSentBeforeTheWaitAreBufferedInOrderAndAWaitCanTimeOut() {
        var h = engine.start(Collector.class, "collect-1", "x");
        TemporalTestEnvironment.awaitWaitingFor(engine, "collect-1", "start");
        engine.signal("collect-1", "data", "first");
        engine.signal("collect-1", "data", "second");
        engine.signal("collect-1", "start", "go");
        assertThat(h.result(Duration.ofSeconds(30))).containsExactly("first", "second", "timed out");
    }

    @Test
    void sleepIsADurableTimer() {
        long started = System.nanoTime();
        long hours = engine.start(Sleeper.class, "sleep-1", "x").result(Duration.ofSeconds(60));
        assertThat(hours).isEqualTo(24);
        // the test server skipped the 24 hours; how many seconds the rest took depends on the machine
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMinutes(2));
    }

    @Test
    void anExceptionInWorkflowCodeFailsTheRun() {
        var h = engine.start(Thrower.class, "thrower-1", "c-42");
        assertThatThrownBy(() -> h.result(Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(WorkflowFailedException.class, e -> {
                    assertThat(e.status()).isEqualTo(RunStatus.FAILED);
                    assertThat(e.error().type()).isEqualTo(IllegalArgumentException.class.getName());
                    assertThat(e.error().message()).isEqualTo("no such customer: c-42");
                });
    }

    @Test
    void aTimedOutStepAndAStepThatCallsTheContextFailWithClearErrors() {
        List<String> out = engine.start(Misbehaving.class, "misbehave-1", "x").result(Duration.ofSeconds(30));
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isEqualTo(java.util.concurrent.TimeoutException.class.getName());
        assertThat(out.get(1)).startsWith("1 ").contains("must not call workflow APIs");
    }

    @Test
    void anAtMostOnceStepRunsOnceAsASingleAttemptActivity() {
        assertThat(engine.start(Careful.class, "careful-1", "x").result(Duration.ofSeconds(30))).isEqualTo("charged");
        assertThat(engine.history("careful-1")).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("charge");
            assertThat(s.attempts()).isEqualTo(1);
        });
    }
}

package dev.steadfast.engine;

import static dev.steadfast.engine.TestEngines.WAIT;
import static dev.steadfast.engine.TestEngines.awaitRun;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.engine.StepExecutionTest.MovableClock;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.model.RateLimitedException;
import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A durable run honours a rate limit's Retry-After of any length — a plain run would give up past
 * {@code RetryPolicy.maxServerWait} — as a recorded wait: the attempt and its due time are in the
 * journal, so the wait survives a restart and the request is sent again only when it is due; and
 * while it waits the run is unloaded, costing a timer row rather than a thread.
 */
class DurableRetryAfterTest {
    @TempDir
    Path dir;

    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<Thread> firstAttemptThread = new AtomicReference<>();
    private final Agent<Void, String> agent = Agent.builder().name("patient").model(new FunctionModel((messages, params) -> {
        if (requests.incrementAndGet() == 1) {
            firstAttemptThread.set(Thread.currentThread()); // the run's own thread: no step timeout is set
            throw new RateLimitedException(429, "OpenAI rate limited the request (HTTP 429)", "{}", Duration.ofHours(2));
        }
        return ModelResponse.of(TextPart.of("done"));
    })).build();

    private WorkflowEngine open(MovableClock clock) {
        return EmbeddedEngine.builder().database(dir.resolve("retry-after.db")).clock(clock)
                .unloadAfter(Duration.ofMillis(50)).register(agent).build();
    }

    @Test
    void aTwoHourRetryAfterIsRecordedSurvivesARestartAndIsNotCutShort() {
        var clock = new MovableClock();
        Instant start = clock.instant();
        try (WorkflowEngine engine = open(clock)) {
            engine.start(agent, "rate-limited", "Hi");
            awaitRun(engine, "rate-limited", r -> engine.history("rate-limited").stream()
                    .anyMatch(s -> s.status() == StepStatus.RETRYING));
            StepRecord waiting = engine.history("rate-limited").getFirst();
            assertThat(waiting.failedAttempts()).singleElement().satisfies(a -> {
                assertThat(a.nextAttemptAt()).isEqualTo(start.plus(Duration.ofHours(2)));
                assertThat(a.error().type()).isEqualTo(RateLimitedException.class.getName());
            });
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (firstAttemptThread.get().isAlive() && System.nanoTime() < deadline) {
                TestEngines.sleep(20);
            }
            assertThat(firstAttemptThread.get().isAlive()).as("the waiting run holds a timer row, not a thread").isFalse();
            clock.advance(Duration.ofMinutes(90));
            TestEngines.sleep(300); // not due yet: no second request, whatever the wall clock does
            assertThat(requests.get()).isEqualTo(1);
        }

        clock.advance(Duration.ofMinutes(31));
        try (WorkflowEngine engine = open(clock)) {
            AgentResult<String> result = engine.start(agent, "rate-limited", "Hi").result(WAIT); // start is idempotent per id
            assertThat(result.output()).isEqualTo("done");
            assertThat(requests.get()).isEqualTo(2);
            StepRecord model = engine.history("rate-limited").getFirst();
            assertThat(model.status()).isEqualTo(StepStatus.COMPLETED);
            assertThat(model.attempts()).isEqualTo(2);
        }
    }
}

package dev.steadfast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.model.RateLimitedException;
import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run SIGKILLed while it waits out a two-hour {@code Retry-After} keeps that wait: the next
 * process does not send the request before it is due, and sends it once when it is.
 */
class RetryAfterCrashIT {
    static final String PROMPT = "Hi";
    static final Duration RETRY_AFTER = Duration.ofHours(2);

    @TempDir
    Path dir;

    /** The agent; every model request is logged to {@code requests}, and the first one is rate limited. */
    static Agent<Void, String> agent(Path requests) {
        return Agent.builder()
                .name("patient")
                .model(new FunctionModel((messages, params) -> {
                    try {
                        Files.writeString(
                                requests,
                                "request\n",
                                StandardCharsets.UTF_8,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND);
                        if (Files.readAllLines(requests).size() == 1) {
                            throw new RateLimitedException(
                                    429, "Anthropic rate limited the request (HTTP 429)", "{}", RETRY_AFTER);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return ModelResponse.of(TextPart.of("done"));
                }))
                .build();
    }

    /** The child: starts the run, says WAITING once the rate-limited attempt is recorded, then waits to be killed. */
    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        var agent = agent(Path.of(args[1]));
        WorkflowEngine engine = EmbeddedEngine.builder()
                .database(db)
                .unloadAfter(Duration.ofMillis(100))
                .register(agent)
                .build();
        engine.start(agent, "rate-limited", PROMPT);
        while (engine.history("rate-limited").stream().noneMatch(s -> s.status() == StepStatus.RETRYING)) {
            Thread.sleep(10);
        }
        System.out.println("WAITING");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    @Test
    void aKilledRunKeepsItsRetryAfterAndSendsTheRequestOnceWhenDue() throws Exception {
        Path db = dir.resolve("agent.db");
        Path requests = dir.resolve("requests.log");
        runChildUntilWaitingThenKill(db, requests);
        assertThat(Files.readAllLines(requests)).hasSize(1);

        // an hour later nothing is due: the request is not sent again
        try (WorkflowEngine engine = EmbeddedEngine.builder()
                .database(db)
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofHours(1)))
                .unloadAfter(Duration.ofMillis(100))
                .register(agent(requests))
                .build()) {
            TestEngines.sleep(500);
            assertThat(Files.readAllLines(requests))
                    .as("an hour into a two-hour wait")
                    .hasSize(1);
            assertThat(engine.history("rate-limited").getFirst().status()).isEqualTo(StepStatus.RETRYING);
        }
        // past the wait, the request goes out once and the run completes
        try (WorkflowEngine engine = EmbeddedEngine.builder()
                .database(db)
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofHours(3)))
                .register(agent(requests))
                .build()) {
            var agent = agent(requests);
            assertThat(engine.start(agent, "rate-limited", PROMPT)
                            .result(TestEngines.WAIT)
                            .output())
                    .isEqualTo("done");
            StepRecord model = engine.history("rate-limited").getFirst();
            assertThat(model.attempts()).isEqualTo(2);
            assertThat(model.failedAttempts().getFirst().error().type())
                    .isEqualTo(RateLimitedException.class.getName());
            assertThat(Duration.between(
                            model.failedAttempts().getFirst().failedAt(),
                            model.failedAttempts().getFirst().nextAttemptAt()))
                    .isEqualTo(RETRY_AFTER);
        }
        assertThat(Files.readAllLines(requests)).hasSize(2);
    }

    private static void runChildUntilWaitingThenKill(Path db, Path requests) throws Exception {
        try (ChildJvm child = ChildJvm.start(RetryAfterCrashIT.class, db.toString(), requests.toString())) {
            child.await("WAITING"::equals, Duration.ofSeconds(60));
        } // close() is SIGKILL: no shutdown hooks, no close of the engine
    }
}

package dev.steadfast.examples.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.model.Model;
import dev.steadfast.model.RateLimitedException;
import dev.steadfast.openai.OpenAiChatModel;
import dev.steadfast.testing.http.WireServer;
import dev.steadfast.testing.http.WireServer.Reply;
import dev.steadfast.run.AttemptRecord;
import dev.steadfast.step.RetryPolicy;
import dev.steadfast.run.StepRecord;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real HTTP client against a local server that misbehaves, inside a durable run: the model
 * step's history shows each failed attempt, the wait the server asked for, and one success.
 */
class DurableProviderFaultTest {
    private static final String ANSWER = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1767225600,"model":"gpt-4.1-2025-04-14",
             "choices":[{"index":0,"message":{"role":"assistant","content":"All good.","refusal":null},
                         "logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}""";

    @TempDir
    Path dir;

    private StepRecord runAgainst(WireServer server, RetryPolicy policy) {
        Model model = OpenAiChatModel.builder().baseUrl(server.url()).apiKey("sk-test").model("gpt-4.1")
                .timeout(Duration.ofSeconds(60)).build(); // the local server answers at once: a timeout is no part of these tests
        Agent<Void, String> agent = Agent.builder().name("chat").model(model).modelRetryPolicy(policy).build();
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(dir.resolve("faults.db")).register(agent).build()) {
            assertThat(engine.start(agent, "run-1", "Status?").result(Duration.ofSeconds(30)).output()).isEqualTo("All good.");
            return engine.history("run-1").getFirst();
        }
    }

    @Test
    void a429WithRetryAfterIsWaitedOutAndRecorded() {
        try (WireServer server = WireServer.start()) {
            server.enqueue(Reply.json(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}")
                    .header("Retry-After", "2"));
            server.enqueue(Reply.json(200, ANSWER));

            StepRecord step = runAgainst(server, RetryPolicy.builder().maxAttempts(3).initialInterval(Duration.ofMillis(10)).build());

            assertThat(step.name()).isEqualTo("chat.model");
            assertThat(step.attempts()).isEqualTo(2);
            AttemptRecord failed = step.failedAttempts().getFirst();
            assertThat(failed.error().type()).isEqualTo(RateLimitedException.class.getName());
            // the server's Retry-After (2 s) beat the policy's 10 ms backoff
            assertThat(Duration.between(failed.failedAt(), failed.nextAttemptAt())).isEqualTo(Duration.ofSeconds(2));
            assertThat(step.endedAt()).isAfterOrEqualTo(failed.nextAttemptAt());
            assertThat(step.usage().inputTokens()).isEqualTo(12);
            // the same request twice: a step retry repeats the call, it does not ask the model anew
            assertThat(server.takeRequest().body()).isEqualTo(server.takeRequest().body());
        }
    }

    @Test
    void serverErrorsAreRetriedWithBackoff() {
        try (WireServer server = WireServer.start()) {
            server.enqueue(Reply.json(500, "{\"error\":{\"message\":\"The server had an error\"}}"));
            server.enqueue(Reply.raw(502, "text/html", "<html>Bad gateway</html>"));
            server.enqueue(Reply.json(200, ANSWER));

            StepRecord step = runAgainst(server, RetryPolicy.builder().maxAttempts(3).initialInterval(Duration.ofMillis(20)).build());

            assertThat(step.attempts()).isEqualTo(3);
            assertThat(step.failedAttempts()).extracting(a -> Duration.between(a.failedAt(), a.nextAttemptAt()))
                    .containsExactly(Duration.ofMillis(20), Duration.ofMillis(40));
        }
    }
}

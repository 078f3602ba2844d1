package dev.steadfast.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steadfast.agent.Agent;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.model.ModelException;
import dev.steadfast.model.RateLimitedException;
import dev.steadfast.testing.http.WireServer;
import dev.steadfast.testing.http.WireServer.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Failures only OpenAI-style servers have. The rules every provider keeps (status to exception,
 * Retry-After, timeouts, the key) are in {@link OpenAiChatModelContractTest} and
 * {@link OpenAiResponsesModelContractTest}.
 */
class OpenAiFaultsTest {
    private final WireServer server = WireServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private OpenAiChatModel model() {
        return OpenAiChatModel.builder().baseUrl(server.url() + "/v1").apiKey("sk-test-0123456789abcdef").model("gpt-4.1").build();
    }

    private ModelException fail(Reply reply) {
        server.enqueue(reply);
        var model = model();
        ModelException e = catchThrowableOfType(ModelException.class,
                () -> model.request(List.of(ModelRequest.user("Hi")), null, null));
        assertThat(e).as("the request should have failed").isNotNull();
        return e;
    }

    @Test
    void rateLimitWithOpenAiResetHeadersTakesTheLaterReset() {
        ModelException e = fail(Reply.json(429, "{}")
                .header("x-ratelimit-reset-requests", "20ms").header("x-ratelimit-reset-tokens", "6m0s"));
        assertThat(e).isInstanceOf(RateLimitedException.class);
        assertThat(e.retryAfter()).contains(Duration.ofMinutes(6));
    }

    @Test
    void aPlainRunDoesNotSitOutADayLongRetryAfterAndSaysHowToWait() {
        server.enqueue(Reply.json(429, Fixtures.errorBody(429, "Rate limit reached for requests")).header("Retry-After", "86400"));
        Agent<Void, String> agent = Agent.builder().name("plain").model(model()).build();

        ModelException e = catchThrowableOfType(ModelException.class, () -> agent.run("Hi"));

        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("86400 s").contains("maxServerWait").contains("durably");
        assertThat(e.getCause()).isInstanceOf(RateLimitedException.class);
        assertThat(server.pendingRequests()).as("no second attempt").isEqualTo(1);
    }

    @Test
    void aPlainRunWaitsOutAShortServerWaitButNotASixMinuteRateLimitReset() {
        server.enqueue(Reply.json(429, Fixtures.errorBody(429, "Rate limit reached")).header("retry-after-ms", "200"));
        server.enqueue(Reply.json(200, Fixtures.text("chat-response-text.json")));
        server.enqueue(Reply.json(429, "{}").header("x-ratelimit-reset-tokens", "6m0s"));
        Agent<Void, String> agent = Agent.builder().name("plain").model(model()).build();

        assertThat(agent.run("Hi").output()).isEqualTo("Paris is sunny; Rome is cloudy.");
        ModelException e = catchThrowableOfType(ModelException.class, () -> agent.run("Hi"));

        assertThat(e.getMessage()).contains("360 s").contains("maxServerWait = 60 s");
        assertThat(server.pendingRequests()).isEqualTo(3);
    }

    @Test
    void ollamaStyleErrorBodiesKeepTheirMessage() {
        ModelException e = fail(Reply.json(404, "{\"error\":\"model 'llama9' not found\"}"));
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("model 'llama9' not found");
    }
}

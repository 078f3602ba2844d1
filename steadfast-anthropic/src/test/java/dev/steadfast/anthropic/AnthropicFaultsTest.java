package dev.steadfast.anthropic;

import static dev.steadfast.anthropic.AnthropicModelTest.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steadfast.message.ModelRequest;
import dev.steadfast.model.ModelException;
import dev.steadfast.model.ModelHttpException;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.ModelTimeoutException;
import dev.steadfast.model.RateLimitedException;
import dev.steadfast.testing.http.WireServer;
import dev.steadfast.testing.http.WireServer.Reply;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Anthropic's failures, classified for durable retries; the error body shape is {"type":"error","error":{...}}. */
class AnthropicFaultsTest {
    private final WireServer server = WireServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private ModelException fail(Reply reply, ModelSettings settings) {
        server.enqueue(reply);
        var model = AnthropicModel.builder().baseUrl(server.url()).apiKey(KEY).model("claude-sonnet-4-5")
                .clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC)).build();
        ModelException e = catchThrowableOfType(ModelException.class,
                () -> model.request(List.of(ModelRequest.user("Hi")), settings, null));
        assertThat(e).as("the request should have failed").isNotNull();
        assertThat(e.getMessage()).doesNotContain(KEY).doesNotContain("test0123456789");
        if (e instanceof ModelHttpException http) {
            assertThat(http.body()).doesNotContain(KEY);
        }
        assertThat(server.pendingRequests()).as("exactly one attempt: no hidden retries").isEqualTo(1);
        return e;
    }

    private ModelException fail(Reply reply) {
        return fail(reply, ModelSettings.DEFAULTS);
    }

    private static String error(String type, String message) {
        return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"},\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}";
    }

    @Test
    void overloaded529IsARateLimit() {
        ModelException e = fail(Reply.json(529, error("overloaded_error", "Overloaded")));
        assertThat(e).isInstanceOf(RateLimitedException.class);
        assertThat(((RateLimitedException) e).status()).isEqualTo(529);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("overloaded").contains("Overloaded (overloaded_error)");
    }

    @Test
    void rateLimitHonoursRetryAfter() {
        ModelException e = fail(Reply.json(429, error("rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"))
                .header("retry-after", "17"));
        assertThat(e).isInstanceOf(RateLimitedException.class);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(17));
    }

    @Test
    void rateLimitHonoursAnHttpDate() {
        ModelException e = fail(Reply.json(429, "{}").header("Retry-After", "Thu, 01 Jan 2026 00:01:00 GMT"));
        assertThat(e.retryAfter()).contains(Duration.ofMinutes(1));
    }

    @Test
    void serverErrorIsRetryable() {
        ModelException e = fail(Reply.json(500, error("api_error", "Internal server error")));
        assertThat(e).isExactlyInstanceOf(ModelHttpException.class);
        assertThat(e.isRetryable()).isTrue();
    }

    @Test
    void promptTooLongIsNotRetryable() {
        ModelException e = fail(Reply.json(400, error("invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum")));
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("prompt is too long").contains("context window");
    }

    @Test
    void authErrorIsNotRetryableAndHidesTheKey() {
        ModelException e = fail(Reply.json(401, error("authentication_error", "invalid x-api-key " + KEY)));
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("authentication_error");
    }

    @Test
    void notFoundIsNotRetryable() {
        ModelException e = fail(Reply.json(404, error("not_found_error", "model: claude-9")));
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("claude-9");
    }

    @Test
    void timeoutIsRetryable() {
        ModelException e = fail(Reply.hang(), ModelSettings.builder().timeout(Duration.ofMillis(300)).build());
        assertThat(e).isInstanceOf(ModelTimeoutException.class);
        assertThat(e.isRetryable()).isTrue();
    }

    @Test
    void droppedConnectionIsRetryable() {
        ModelException e = fail(Reply.dropMidBody(AnthropicModelTest.fixture("response-text.json")),
                ModelSettings.builder().timeout(Duration.ofSeconds(5)).build());
        assertThat(e.isRetryable()).isTrue();
    }

    @Test
    void malformedJsonIsRetryable() {
        ModelException e = fail(Reply.raw(200, "application/json", "{\"type\":\"message\",\"content\":["));
        assertThat(e.isRetryable()).isTrue();
    }

    @Test
    void aBodyWithoutContentIsRetryable() {
        ModelException e = fail(Reply.json(200, "{\"type\":\"message\",\"id\":\"msg_1\"}"));
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("without a content list");
    }
}

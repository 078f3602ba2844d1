package dev.steadfast.openai;

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
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every failure is classified for durable retries: wait as asked, retry transient faults, never retry bad requests. */
class OpenAiFaultsTest {
    private static final String KEY = "sk-test-0123456789abcdef";
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final WireServer server = WireServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private ModelException fail(Reply reply) {
        return fail(reply, ModelSettings.DEFAULTS);
    }

    private ModelException fail(Reply reply, ModelSettings settings) {
        server.enqueue(reply);
        var model = OpenAiChatModel.builder().baseUrl(server.url() + "/v1").apiKey(KEY).model("gpt-4.1")
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        ModelException e = catchThrowableOfType(ModelException.class,
                () -> model.request(List.of(ModelRequest.user("Hi")), settings, null));
        assertThat(e).as("the request should have failed").isNotNull();
        assertThat(e.getMessage()).doesNotContain(KEY);
        if (e instanceof ModelHttpException http) {
            assertThat(http.body()).doesNotContain(KEY);
        }
        return e;
    }

    private static String error(String message, String type, String code) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":\"" + code + "\"}}";
    }

    @Test
    void rateLimitWithRetryAfterSeconds() {
        ModelException e = fail(Reply.json(429, error("Rate limit reached for gpt-4.1", "requests", "rate_limit_exceeded"))
                .header("Retry-After", "2"));
        assertThat(e).isInstanceOf(RateLimitedException.class);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(((RateLimitedException) e).status()).isEqualTo(429);
        assertThat(e.getMessage()).contains("Rate limit reached for gpt-4.1");
        assertThat(server.pendingRequests()).as("no hidden retry").isEqualTo(1);
    }

    @Test
    void rateLimitWithRetryAfterHttpDate() {
        ModelException e = fail(Reply.json(429, "{}").header("Retry-After", "Thu, 01 Jan 2026 00:00:30 GMT"));
        assertThat(e).isInstanceOf(RateLimitedException.class);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
    }

    @Test
    void rateLimitWithRetryAfterMs() {
        ModelException e = fail(Reply.json(429, "{}").header("retry-after-ms", "1500").header("Retry-After", "9"));
        assertThat(e.retryAfter()).contains(Duration.ofMillis(1500));
    }

    @Test
    void rateLimitWithOpenAiResetHeadersTakesTheLaterReset() {
        ModelException e = fail(Reply.json(429, "{}")
                .header("x-ratelimit-reset-requests", "20ms").header("x-ratelimit-reset-tokens", "6m0s"));
        assertThat(e).isInstanceOf(RateLimitedException.class);
        assertThat(e.retryAfter()).contains(Duration.ofMinutes(6));
    }

    @Test
    void rateLimitWithoutAHintIsStillRetryable() {
        ModelException e = fail(Reply.json(429, "{}"));
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.retryAfter()).isEmpty();
    }

    @Test
    void overloaded529IsARateLimit() {
        ModelException e = fail(Reply.json(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        assertThat(e).isInstanceOf(RateLimitedException.class);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("Overloaded");
    }

    @Test
    void serverErrorIsRetryable() {
        ModelException e = fail(Reply.json(500, error("The server had an error", "server_error", "")));
        assertThat(e).isExactlyInstanceOf(ModelHttpException.class);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.retryAfter()).isEmpty();
        assertThat(server.pendingRequests()).as("no hidden retry").isEqualTo(1);
    }

    @Test
    void contextLengthExceededIsNotRetryable() {
        ModelException e = fail(Reply.json(400, error("This model's maximum context length is 128000 tokens.",
                "invalid_request_error", "context_length_exceeded")));
        assertThat(e).isInstanceOf(ModelHttpException.class);
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("maximum context length is 128000").contains("context window");
    }

    @Test
    void authErrorsAreNotRetryableAndNeverShowTheKey() {
        ModelException e = fail(Reply.json(401, error("Incorrect API key provided: " + KEY + ".",
                "invalid_request_error", "invalid_api_key")));
        assertThat(e.isRetryable()).isFalse();
        assertThat(((ModelHttpException) e).status()).isEqualTo(401);
        assertThat(e.getMessage()).contains("Incorrect API key provided").contains("check the API key");
    }

    @Test
    void forbiddenIsNotRetryable() {
        ModelException e = fail(Reply.json(403, error("Not allowed", "permission_error", "")));
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("Not allowed");
    }

    @Test
    void notFoundIsNotRetryable() {
        ModelException e = fail(Reply.json(404, error("The model `gpt-9` does not exist", "invalid_request_error", "model_not_found")));
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("gpt-9").contains("base URL");
    }

    @Test
    void serverErrorTwiceThenSuccessIsThreeSeparateAttempts() {
        server.enqueue(Reply.json(500, error("The server had an error", "server_error", "")));
        server.enqueue(Reply.json(503, "{}"));
        server.enqueue(Reply.json(200, Fixtures.text("chat-response-text.json")));
        var model = OpenAiChatModel.builder().baseUrl(server.url() + "/v1").apiKey(KEY).model("gpt-4.1").build();
        var prompt = List.of((dev.steadfast.message.Message) ModelRequest.user("Hi"));

        for (int attempt = 0; attempt < 2; attempt++) {
            ModelException e = catchThrowableOfType(ModelException.class, () -> model.request(prompt, null, null));
            assertThat(e.isRetryable()).isTrue();
        }
        assertThat(model.request(prompt, null, null).text()).isEqualTo("Paris is sunny; Rome is cloudy.");
        assertThat(server.pendingRequests()).as("one request per call: the caller owns retrying").isEqualTo(3);
    }

    @Test
    void ollamaStyleErrorBodiesKeepTheirMessage() {
        ModelException e = fail(Reply.json(404, "{\"error\":\"model 'llama9' not found\"}"));
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("model 'llama9' not found");
    }

    @Test
    void redirectsAreNotFollowedSoTheKeyStaysPut() {
        ModelException e = fail(Reply.json(307, "").header("Location", "https://elsewhere.example/v1/chat/completions"));
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("redirects to https://elsewhere.example/v1/chat/completions");
        assertThat(server.pendingRequests()).isEqualTo(1);
    }

    @Test
    void aServerThatNeverAnswersTimesOut() {
        long start = System.nanoTime();
        ModelException e = fail(Reply.hang(), ModelSettings.builder().timeout(Duration.ofMillis(300)).build());
        assertThat(e).isInstanceOf(ModelTimeoutException.class);
        assertThat(e.isRetryable()).isTrue();
        // the 300 ms setting applied, not the client's 10-minute default (the rest is the machine's speed)
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void aConnectionDroppedMidResponseIsRetryable() {
        ModelException e = fail(Reply.dropMidBody(Fixtures.text("chat-response-text.json")),
                ModelSettings.builder().timeout(Duration.ofSeconds(5)).build());
        assertThat(e.isRetryable()).isTrue();
        assertThat(e).isInstanceOf(ModelTimeoutException.class);
    }

    @Test
    void malformedJsonIsRetryable() {
        ModelException e = fail(Reply.raw(200, "application/json", "{\"id\": \"chatcmpl-1\", \"choices\": [{"));
        assertThat(e).isExactlyInstanceOf(ModelException.class);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("not a JSON object");
    }

    @Test
    void anHtmlErrorPageKeepsItsStatus() {
        ModelException e = fail(Reply.raw(502, "text/html", "<html>Bad Gateway</html>"));
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("502").contains("Bad Gateway");
    }

    @Test
    void emptyChoicesAreRetryable() {
        ModelException e = fail(Reply.json(200, "{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4.1\",\"choices\":[]}"));
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("no choices");
    }

    @Test
    void aServerThatIsNotRunningIsRetryable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var model = OpenAiChatModel.builder().baseUrl("http://127.0.0.1:" + port + "/v1").model("llama3.2:1b").build();
        ModelException e = catchThrowableOfType(ModelException.class,
                () -> model.request(List.of(ModelRequest.user("Hi")), null, null));
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("Could not connect").contains("127.0.0.1:" + port);
    }
}

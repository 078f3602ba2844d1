package dev.steadfast.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.model.Model;
import dev.steadfast.model.ModelException;
import dev.steadfast.model.ModelHttpException;
import dev.steadfast.model.ModelRefusalException;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.ModelTimeoutException;
import dev.steadfast.model.RateLimitedException;
import dev.steadfast.testing.http.WireServer;
import dev.steadfast.testing.http.WireServer.Reply;
import dev.steadfast.usage.Usage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The half of {@link ModelProviderContract} about failures: status codes to exceptions,
 * {@code isRetryable}, each {@code Retry-After} form and {@code x-should-retry}, timeouts, dropped
 * connections, bodies that are no answer, refusals, and the API key kept out of every message.
 * It also holds what a provider's test supplies (its model, wire format and error bodies). Extend
 * {@link ModelProviderContract}, not this class.
 *
 * <pre>{@code
 * class AcmeModelContractTest extends ModelProviderContract { ... }   // runs these tests too
 * }</pre>
 */
public abstract class ProviderFaultsContract {
    /** Not shaped like a provider key, so only the client's own list of secrets can hide it. */
    static final String API_KEY = "contract-key-5f3c9a1e7b2d4c60";
    static final String MODEL = "contract-model";
    static final String SERVED_MODEL = "contract-model-2025-06-01"; // providers answer with a dated snapshot
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final Usage FULL_USAGE = new Usage(1, 2000, 150, 1024, 256, 64, 0);
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final List<Message> PROMPT = List.of(ModelRequest.user("Weather in Paris?"));

    final WireServer server = WireServer.start();

    /**
     * Where and how a test's model connects.
     *
     * @param baseUrl the server's root, e.g. {@code http://127.0.0.1:54321} (add any API prefix such as {@code /v1})
     * @param apiKey the key, or {@code null} for a model built without one
     * @param model the model name to configure
     * @param timeout how long one request may take unless the settings say otherwise
     * @param clock the clock for {@code Retry-After} dates
     */
    public record Endpoint(String baseUrl, String apiKey, String model, Duration timeout, Clock clock) {}

    /** What a successful (HTTP 200) answer from the provider says, for {@link #answerBody}. */
    public sealed interface Answer {
        /** The model name the answer says served it. */
        String model();

        /** Text that ends the turn; {@code usage} {@code null} means the provider sent none. */
        record Text(String model, String text, Usage usage) implements Answer {}

        /** One tool call that ends the turn. */
        record ToolCall(String model, ToolCallPart call, Usage usage) implements Answer {}

        /** An answer the provider stopped at the output token limit. */
        record CutAtTokenLimit(String model) implements Answer {}

        /** A JSON body without the part that carries the answer (no choices, no output items, no content list). */
        record Empty(String model) implements Answer {}

        /** The model declined, saying {@code text}, in the provider's own refusal form. */
        record Refusal(String model, String text) implements Answer {}
    }

    /** Token counts beyond input and output that not every provider reports. */
    public enum TokenCount { CACHE_READ, CACHE_WRITE, REASONING }

    /** The provider's name as the client's messages give it, e.g. {@code OpenAI}. */
    protected abstract String providerName();

    /** The model under test, connected as {@code endpoint} says. */
    protected abstract Model model(Endpoint endpoint);

    /** The path the server sees for a request, e.g. {@code /v1/chat/completions}. */
    protected abstract String requestPath();

    /** The headers that carry {@code apiKey}, as sent, e.g. {@code Authorization: Bearer <key>}. */
    protected abstract Map<String, String> authHeaders(String apiKey);

    /** The token counts beyond input and output that this provider reports (in {@link Usage}'s terms). */
    protected abstract Set<TokenCount> reportedTokenCounts();

    /** The provider's JSON body for {@code answer}, as it would send it with HTTP 200. */
    protected abstract String answerBody(Answer answer);

    /** The provider's JSON error body for an HTTP {@code status} that says {@code message}. */
    protected abstract String errorBody(int status, String message);

    /** The provider's HTTP 400 body for a prompt longer than the model's context window. */
    protected abstract String contextWindowExceededBody();

    /**
     * Fails (with an {@link AssertionError}) when {@code body}, a request the client sent, breaks the
     * provider's published request schema or its documented request rules.
     */
    protected abstract void assertValidRequest(JsonNode body);

    @AfterEach
    void stopServer() {
        server.close();
    }

    Endpoint endpoint() {
        return endpoint(server.url(), API_KEY, TIMEOUT);
    }

    static Endpoint endpoint(String baseUrl, String apiKey, Duration timeout) {
        return new Endpoint(baseUrl, apiKey, MODEL, timeout, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static Answer sunny(Usage usage) {
        return new Answer.Text(SERVED_MODEL, "Sunny.", usage);
    }

    private Reply rateLimited() {
        return Reply.json(429, errorBody(429, "Rate limit reached"));
    }

    ModelResponse answer(Answer answer) {
        server.enqueue(Reply.json(200, answerBody(answer)));
        return model(endpoint()).request(PROMPT, null, null);
    }

    private ModelException fail(Reply reply) {
        return fail(reply, null);
    }

    /** Sends one request that {@code reply} answers; checks it failed once, naming the provider and hiding the key. */
    private ModelException fail(Reply reply, ModelSettings settings) {
        server.enqueue(reply);
        Model model = model(endpoint());
        ModelException e = catchThrowableOfType(ModelException.class, () -> model.request(PROMPT, settings, null));
        assertThat(e).as("the request should have failed").isNotNull();
        assertThat(e.getMessage()).contains(providerName());
        assertHidesTheKey(e);
        assertThat(server.pendingRequests()).as("exactly one attempt: no hidden retries").isEqualTo(1);
        return e;
    }

    private static void assertHidesTheKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(API_KEY);
            if (t instanceof ModelHttpException http) {
                assertThat(String.valueOf(http.body())).doesNotContain(API_KEY);
            }
        }
    }

    // Rate limits: wait as the server asks.

    @Test
    void rateLimitedWithRetryAfterInSecondsWaitsThatLong() {
        ModelException e = fail(rateLimited().header("Retry-After", "2"));
        assertThat(e).isInstanceOf(RateLimitedException.class);
        assertThat(((RateLimitedException) e).status()).isEqualTo(429);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(e.getMessage()).contains("Rate limit reached");
    }

    @Test
    void rateLimitedWithRetryAfterAsAnHttpDateWaitsUntilThen() {
        ModelException e = fail(rateLimited()
                .header("Retry-After", "Thu, 01 Jan 2026 00:00:30 GMT"));
        assertThat(e).isInstanceOf(RateLimitedException.class);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
    }

    @Test
    void retryAfterMsWinsOverRetryAfter() {
        ModelException e = fail(rateLimited()
                .header("retry-after-ms", "1500").header("Retry-After", "9"));
        assertThat(e.retryAfter()).contains(Duration.ofMillis(1500));
    }

    @Test
    void rateLimitedWithoutAWaitIsStillRetryable() {
        ModelException e = fail(rateLimited());
        assertThat(e).isInstanceOf(RateLimitedException.class);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.retryAfter()).isEmpty();
    }

    @Test
    void overloaded529IsARateLimit() {
        ModelException e = fail(Reply.json(529, errorBody(529, "Overloaded")));
        assertThat(e).isInstanceOf(RateLimitedException.class);
        assertThat(((RateLimitedException) e).status()).isEqualTo(529);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("overloaded").contains("Overloaded");
    }

    // Server faults: retry. Request faults: do not.

    @Test
    void serverErrorIsRetryable() {
        ModelException e = fail(Reply.json(500, errorBody(500, "Internal server error")));
        assertThat(e).isExactlyInstanceOf(ModelHttpException.class);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.retryAfter()).isEmpty();
        assertThat(e.getMessage()).contains("Internal server error");
    }

    @Test
    void anHtmlErrorPageIsRetryableAndKeepsItsStatus() {
        ModelException e = fail(Reply.raw(502, "text/html", "<html>Bad Gateway</html>"));
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("502").contains("Bad Gateway");
    }

    @Test
    void aPromptLongerThanTheContextWindowIsNotRetryableAndSaysSo() {
        ModelException e = fail(Reply.json(400, contextWindowExceededBody()));
        assertThat(e).isInstanceOf(ModelHttpException.class);
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("context window").contains("shorten the history");
    }

    @Test
    void aRejectedKeyIsNotRetryableAndSaysToCheckIt() {
        ModelException e = fail(Reply.json(401, errorBody(401, "invalid api key")));
        assertThat(((ModelHttpException) e).status()).isEqualTo(401);
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("invalid api key").contains("check the API key");
    }

    @Test
    void forbiddenIsNotRetryable() {
        ModelException e = fail(Reply.json(403, errorBody(403, "Not allowed")));
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("Not allowed");
    }

    @Test
    void notFoundIsNotRetryableAndPointsAtTheBaseUrlAndModel() {
        ModelException e = fail(Reply.json(404, errorBody(404, "model: contract-model-9")));
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("contract-model-9").contains("base URL");
    }

    @Test
    void aRedirectIsNotFollowedSoTheKeyStaysPut() {
        String elsewhere = "https://elsewhere.example" + requestPath();
        ModelException e = fail(Reply.json(307, "").header("Location", elsewhere));
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("redirects to " + elsewhere);
    }

    @Test
    void eachCallIsOneRequestSoTheCallerOwnsRetrying() {
        server.enqueue(Reply.json(500, errorBody(500, "Internal server error")));
        server.enqueue(Reply.json(503, errorBody(503, "Service unavailable")));
        server.enqueue(Reply.json(200, answerBody(sunny(null))));
        Model model = model(endpoint());

        for (int attempt = 0; attempt < 2; attempt++) {
            ModelException e = catchThrowableOfType(ModelException.class, () -> model.request(PROMPT, null, null));
            assertThat(e.isRetryable()).isTrue();
        }
        assertThat(model.request(PROMPT, null, null).text()).isEqualTo("Sunny.");
        assertThat(server.pendingRequests()).isEqualTo(3);
    }

    // The network: timeouts, drops and absent servers are retryable.

    @Test
    void aServerThatNeverAnswersTimesOutAtTheRequestsTimeout() {
        long start = System.nanoTime();
        ModelException e = fail(Reply.hang(), ModelSettings.builder().timeout(Duration.ofMillis(300)).build());
        assertThat(e).isInstanceOf(ModelTimeoutException.class);
        assertThat(e.isRetryable()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theModelsTimeoutBoundsARequestThatSetsNone() {
        server.enqueue(Reply.hang());
        Model model = model(endpoint(server.url(), API_KEY, Duration.ofMillis(300)));
        long start = System.nanoTime();
        ModelException timeout = catchThrowableOfType(ModelException.class, () -> model.request(PROMPT, null, null));
        assertThat(timeout).isInstanceOf(ModelTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aConnectionDroppedMidAnswerIsARetryableTimeout() {
        ModelException e = fail(Reply.dropMidBody(answerBody(sunny(null))),
                ModelSettings.builder().timeout(Duration.ofSeconds(5)).build());
        assertThat(e).isInstanceOf(ModelTimeoutException.class);
        assertThat(e.isRetryable()).isTrue();
    }

    @Test
    void aServerThatIsNotRunningIsRetryableAndNamed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Model model = model(endpoint("http://127.0.0.1:" + port, API_KEY, TIMEOUT));
        ModelException down = catchThrowableOfType(ModelException.class, () -> model.request(PROMPT, null, null));
        assertThat(down.isRetryable()).isTrue();
        assertThat(down.getMessage()).contains("Could not connect to " + providerName()).contains("127.0.0.1:" + port);
        assertHidesTheKey(down);
    }

    // Bodies that are no answer.

    @Test
    void malformedJsonIsRetryable() {
        String body = answerBody(sunny(null));
        ModelException e = fail(Reply.raw(200, "application/json", body.substring(0, body.length() / 2)));
        assertThat(e).isExactlyInstanceOf(ModelException.class);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("not a JSON object");
    }

    @Test
    void anAnswerWithNothingInItIsRetryable() {
        ModelException e = fail(Reply.json(200, answerBody(new Answer.Empty(SERVED_MODEL))));
        assertThat(e.isRetryable()).isTrue();
    }

    @Test
    void anAnswerCutAtTheTokenLimitIsNotRetryableAndNamesMaxTokens() {
        ModelException e = fail(Reply.json(200, answerBody(new Answer.CutAtTokenLimit(SERVED_MODEL))),
                ModelSettings.builder().maxTokens(10).build());
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("maxTokens").contains("10");
    }

    @Test
    void aRefusalIsATypedErrorThatIsNotRetriedAndCarriesTheProvidersText() {
        String text = "I'm sorry, but I can't help with that request.";
        ModelException e = fail(Reply.json(200, answerBody(new Answer.Refusal(SERVED_MODEL, text))));
        assertThat(e).isInstanceOf(ModelRefusalException.class);
        assertThat(e.isRetryable()).isFalse();
        assertThat(((ModelRefusalException) e).refusal()).isEqualTo(text);
        assertThat(((ModelRefusalException) e).provider()).isEqualTo(providerName());
        assertThat(e.getMessage()).contains(text);
    }

    // The server's word on retrying wins over the status, as in the official SDKs.

    @Test
    void xShouldRetryFalseMakesAServerErrorFinal() {
        ModelException e = fail(Reply.json(500, errorBody(500, "Internal server error")).header("x-should-retry", "false"));
        assertThat(e.isRetryable()).isFalse();
        assertThat(((ModelHttpException) e).status()).isEqualTo(500);
        assertThat(e.getMessage()).contains("not to retry");
    }

    @Test
    void xShouldRetryTrueMakesAConflictOrBadRequestRetryable() {
        ModelException e = fail(Reply.json(400, errorBody(400, "Try again")).header("x-should-retry", "true"));
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("Try again");
    }

    // The key.

    @Test
    void theKeyIsNeverInAnErrorEvenWhenTheProviderEchoesIt() {
        ModelException e = fail(Reply.json(401, errorBody(401, "Incorrect API key provided: " + API_KEY)));
        assertThat(e.getMessage()).contains("Incorrect API key provided");
        assertThat(((ModelHttpException) e).body()).contains("Incorrect API key provided");
    }

    @Test
    void theKeyIsNeverInToString() {
        assertThat(model(endpoint()).toString()).doesNotContain(API_KEY).contains(MODEL);
    }
}

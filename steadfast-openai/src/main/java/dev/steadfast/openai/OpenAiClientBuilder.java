package dev.steadfast.openai;

import static java.util.Objects.requireNonNull;

import dev.steadfast.model.Model;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.openai.internal.OpenAiConnection;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The options every OpenAI-style client shares: model, key, base URL, headers, query parameters,
 * default settings, timeouts. {@link OpenAiChatModel.Builder} and
 * {@link OpenAiResponsesModel.Builder} add their own.
 *
 * <pre>{@code
 * OpenAiChatModel.builder().baseUrl("http://localhost:8000/v1").model("qwen2.5").timeout(Duration.ofMinutes(2)).build();
 * }</pre>
 *
 * @param <B> the concrete builder
 */
public abstract class OpenAiClientBuilder<B extends OpenAiClientBuilder<B>> {
    final OpenAiConnection connection = new OpenAiConnection();
    String model;
    ModelSettings defaults = ModelSettings.DEFAULTS;

    OpenAiClientBuilder() {}

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** The model name as the server knows it, e.g. {@code gpt-4.1} or {@code llama3.2:1b}. Required. */
    public B model(String name) {
        requireNonNull(name, "model");
        if (name.isBlank()) {
            throw new IllegalArgumentException("model must not be blank");
        }
        this.model = name;
        return self();
    }

    /** The API key; default none (for local servers). Never logged or shown in messages. */
    public B apiKey(String key) { connection.apiKey(key); return self(); }

    /** The header that carries the key; default {@code Authorization} (as {@code Bearer <key>}); Azure uses {@code api-key} (the bare key). */
    public B apiKeyHeader(String name) { connection.apiKeyHeader(name); return self(); }

    /** The API root; the endpoint's path is appended; default {@value OpenAiConnection#DEFAULT_BASE_URL}. */
    public B baseUrl(String url) { connection.baseUrl(url); return self(); }

    /** A header sent with every request (e.g. OpenRouter's {@code HTTP-Referer}); default none. */
    public B header(String name, String value) { connection.header(name, value); return self(); }

    /** Headers sent with every request. */
    public B headers(Map<String, String> headers) { headers.forEach(connection::header); return self(); }

    /** A query parameter added to every URL (e.g. Azure's {@code api-version}); default none. */
    public B queryParam(String name, String value) { connection.queryParam(name, value); return self(); }

    /** Query parameters added to every URL. */
    public B queryParams(Map<String, String> params) { params.forEach(connection::queryParam); return self(); }

    /** Settings under each request's own; default {@link ModelSettings#DEFAULTS}. */
    public B defaultSettings(ModelSettings s) { this.defaults = requireNonNull(s, "defaultSettings"); return self(); }

    /** How long one request may take unless the settings say otherwise; default 10 minutes. */
    public B timeout(Duration t) { connection.timeout(t); return self(); }

    /** The HTTP client to send with (proxies, TLS, executor); default a new one with a 10 s connect timeout. */
    public B httpClient(HttpClient client) { connection.httpClient(client); return self(); }

    /** The clock for {@code Retry-After} dates; default the system clock. For tests. */
    public B clock(Clock clock) { connection.clock(clock); return self(); }

    /** The provider's short name for pricing and messages ({@link Model#provider()}); default {@code openai}. */
    public B provider(String name) { connection.provider(name); return self(); }

    void requireModel(String client) {
        if (model == null) {
            throw new IllegalStateException(client + " needs a model name: builder().model(\"gpt-4.1\")");
        }
    }
}

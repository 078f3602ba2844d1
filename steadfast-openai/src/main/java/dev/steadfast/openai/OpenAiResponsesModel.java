package dev.steadfast.openai;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.model.Model;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.internal.JsonHttpClient;
import dev.steadfast.openai.internal.ResponsesWire;
import dev.steadfast.openai.internal.OpenAiConnection;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A model behind OpenAI's Responses API ({@code POST /responses}), the API OpenAI recommends for
 * new work: reasoning items (with their encrypted content) are kept across tool calls, so
 * reasoning models keep their chain of thought. Thread-safe; does no hidden retries; failures are
 * {@link dev.steadfast.model.ModelException}s that say whether a retry can help. Many
 * OpenAI-compatible servers speak only Chat Completions: use {@link OpenAiChatModel} for them.
 * {@code Models.of("openai-responses:o4-mini")} gives this class.
 *
 * <pre>{@code
 * Model o4 = OpenAiResponsesModel.builder()
 *         .apiKey(System.getenv("OPENAI_API_KEY"))
 *         .model("o4-mini")
 *         .store(false)                       // stateless: reasoning travels encrypted in our history
 *         .defaultSettings(ModelSettings.builder()
 *                 .extraBody(Map.of("reasoning", Map.of("effort", "low"))).build())
 *         .build();
 * }</pre>
 */
public final class OpenAiResponsesModel implements Model {
    private final String model;
    private final String provider;
    private final String displayName;
    private final ModelSettings defaults;
    private final Boolean store;
    private final JsonHttpClient http;

    private OpenAiResponsesModel(Builder b) {
        this.model = b.model;
        this.provider = b.connection.provider();
        this.displayName = b.connection.displayName();
        this.defaults = b.defaults;
        this.store = b.store;
        this.http = b.connection.connect();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return model;
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public ModelResponse request(List<Message> messages, ModelSettings settings, ModelRequestParameters parameters) {
        ModelSettings s = defaults.merge(settings);
        ObjectNode body = ResponsesWire.request(model, messages, s,
                parameters == null ? ModelRequestParameters.TEXT : parameters, store);
        JsonNode answer = http.post("/responses", body, s.timeout());
        return ResponsesWire.response(answer, displayName, s);
    }

    @Override
    public String toString() {
        return "OpenAiResponsesModel[" + provider + ":" + model + " at " + http.baseUrl() + "]";
    }

    /** Builds an {@link OpenAiResponsesModel}; only {@link #model} is required. */
    public static final class Builder {
        private final OpenAiConnection connection = new OpenAiConnection();
        private String model;
        private ModelSettings defaults = ModelSettings.DEFAULTS;
        private Boolean store;

        private Builder() {}

        /** The model name as the server knows it, e.g. {@code gpt-4.1} or {@code llama3.2:1b}. Required. */
        public Builder model(String name) {
            requireNonNull(name, "model");
            if (name.isBlank()) {
                throw new IllegalArgumentException("model must not be blank");
            }
            this.model = name;
            return this;
        }

        /** The API key; default none (for local servers). Never logged or shown in messages. */
        public Builder apiKey(String key) { connection.apiKey(key); return this; }

        /** The header that carries the key; default {@code Authorization} (as {@code Bearer <key>}); Azure uses {@code api-key} (the bare key). */
        public Builder apiKeyHeader(String name) { connection.apiKeyHeader(name); return this; }

        /** The API root, {@code /responses} is appended; default {@value OpenAiConnection#DEFAULT_BASE_URL}. */
        public Builder baseUrl(String url) { connection.baseUrl(url); return this; }

        /** A header sent with every request (e.g. OpenRouter's {@code HTTP-Referer}); default none. */
        public Builder header(String name, String value) { connection.header(name, value); return this; }

        /** Headers sent with every request. */
        public Builder headers(Map<String, String> headers) { headers.forEach(connection::header); return this; }

        /** A query parameter added to every URL (e.g. Azure's {@code api-version}); default none. */
        public Builder queryParam(String name, String value) { connection.queryParam(name, value); return this; }

        /** Query parameters added to every URL. */
        public Builder queryParams(Map<String, String> params) { params.forEach(connection::queryParam); return this; }

        /** Settings under each request's own; default {@link ModelSettings#DEFAULTS}. */
        public Builder defaultSettings(ModelSettings s) { this.defaults = requireNonNull(s, "defaultSettings"); return this; }

        /** How long one request may take unless the settings say otherwise; default 10 minutes. */
        public Builder timeout(Duration t) { connection.timeout(t); return this; }

        /** The HTTP client to send with (proxies, TLS, executor); default a new one with a 10 s connect timeout. */
        public Builder httpClient(HttpClient client) { connection.httpClient(client); return this; }

        /** The clock for {@code Retry-After} dates; default the system clock. For tests. */
        public Builder clock(Clock clock) { connection.clock(clock); return this; }

        /** The provider's short name for pricing and messages ({@link Model#provider()}); default {@code openai}. */
        public Builder provider(String name) { connection.provider(name); return this; }

        /**
         * Whether OpenAI stores responses (sent as {@code store}); default unset (the server's
         * default, which stores). {@code false} also asks for encrypted reasoning
         * ({@code include: ["reasoning.encrypted_content"]}) so a conversation continues without
         * server-side state — what a durable run that may resume elsewhere wants.
         */
        public Builder store(boolean store) {
            this.store = store;
            return this;
        }

        public OpenAiResponsesModel build() {
            if (model == null) {
                throw new IllegalStateException("OpenAiResponsesModel needs a model name: builder().model(\"gpt-4.1\")");
            }
            return new OpenAiResponsesModel(this);
        }
    }
}

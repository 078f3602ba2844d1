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
import dev.steadfast.openai.internal.ChatCompletionsWire;
import dev.steadfast.openai.internal.OpenAiConnection;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A model behind OpenAI's Chat Completions API ({@code POST /chat/completions}), or any server
 * that speaks it: Ollama, vLLM, LM Studio, OpenRouter, Groq, Together, DeepSeek, Azure OpenAI.
 * Thread-safe; does no hidden retries (a durable step's retry policy owns retrying); failures are
 * {@link dev.steadfast.model.ModelException}s that say whether a retry can help.
 * {@code Models.of("openai:gpt-4.1")} and {@code Models.of("ollama:llama3.2:1b")} give this class
 * ({@code openai-responses:} gives {@link OpenAiResponsesModel}).
 *
 * <pre>{@code
 * Model gpt = OpenAiChatModel.builder().apiKey(System.getenv("OPENAI_API_KEY")).model("gpt-4.1").build();
 *
 * Model local = OpenAiChatModel.builder()             // Ollama: no key
 *         .baseUrl("http://localhost:11434/v1").model("llama3.2:1b").provider("ollama").build();
 *
 * Model azure = OpenAiChatModel.builder()
 *         .baseUrl("https://my-resource.openai.azure.com/openai/deployments/my-gpt-4o")
 *         .queryParam("api-version", "2024-10-21")
 *         .apiKeyHeader("api-key").apiKey(System.getenv("AZURE_OPENAI_API_KEY"))
 *         .model("gpt-4o").build();
 * }</pre>
 */
public final class OpenAiChatModel implements Model {
    private final String model;
    private final String provider;
    private final String displayName;
    private final ModelSettings defaults;
    private final String maxTokensField;
    private final JsonHttpClient http;

    private OpenAiChatModel(Builder b) {
        this.model = b.model;
        this.provider = b.connection.provider();
        this.displayName = b.connection.displayName();
        this.defaults = b.defaults;
        this.maxTokensField = b.maxTokensField;
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
        ObjectNode body = ChatCompletionsWire.request(model, messages, s,
                parameters == null ? ModelRequestParameters.TEXT : parameters, maxTokensField);
        JsonNode answer = http.post("/chat/completions", body, s.timeout());
        return ChatCompletionsWire.response(answer, displayName, s);
    }

    @Override
    public String toString() {
        return "OpenAiChatModel[" + provider + ":" + model + " at " + http.baseUrl() + "]";
    }

    /** Builds an {@link OpenAiChatModel}; only {@link #model} is required. */
    public static final class Builder {
        private final OpenAiConnection connection = new OpenAiConnection();
        private String model;
        private ModelSettings defaults = ModelSettings.DEFAULTS;
        private String maxTokensField = "max_completion_tokens";

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

        /** The API root, {@code /chat/completions} is appended; default {@value OpenAiConnection#DEFAULT_BASE_URL}. */
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
         * Send {@code maxTokens} as {@code max_tokens} instead of {@code max_completion_tokens};
         * default false. For servers that only know the older field.
         */
        public Builder legacyMaxTokens(boolean legacy) {
            this.maxTokensField = legacy ? "max_tokens" : "max_completion_tokens";
            return this;
        }

        public OpenAiChatModel build() {
            if (model == null) {
                throw new IllegalStateException("OpenAiChatModel needs a model name: builder().model(\"gpt-4.1\")");
            }
            return new OpenAiChatModel(this);
        }
    }
}

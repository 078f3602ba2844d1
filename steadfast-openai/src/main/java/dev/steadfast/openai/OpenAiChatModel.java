package dev.steadfast.openai;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.model.Model;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.ModelStreamEvent;
import dev.steadfast.model.internal.JsonHttpClient;
import dev.steadfast.openai.internal.ChatCompletionsStream;
import dev.steadfast.openai.internal.ChatCompletionsWire;
import java.util.List;
import java.util.function.Consumer;

/**
 * A model behind OpenAI's Chat Completions API ({@code POST /chat/completions}), or any server
 * that speaks it: Ollama, vLLM, LM Studio, OpenRouter, Groq, Together, DeepSeek, Azure OpenAI.
 * Images go as {@code image_url} parts and PDFs (bytes only: the API fetches no document URL) as
 * {@code file} parts; a tool's files follow its tool messages in a user message, as tool messages
 * carry text only. A refusal is a {@link dev.steadfast.model.ModelRefusalException}.
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
    private final boolean streamUsage;
    private final JsonHttpClient http;

    private OpenAiChatModel(Builder b) {
        this.model = b.model;
        this.provider = b.connection.provider();
        this.displayName = b.connection.displayName();
        this.defaults = b.defaults;
        this.maxTokensField = b.maxTokensField;
        this.streamUsage = b.streamUsage;
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
        ObjectNode body = ChatCompletionsWire.request(
                model, messages, s, parameters == null ? ModelRequestParameters.TEXT : parameters, maxTokensField);
        JsonNode answer = http.post("/chat/completions", body, s.timeout());
        return ChatCompletionsWire.response(answer, displayName, s);
    }

    /**
     * Streams the answer ({@code "stream": true}, with {@code stream_options.include_usage} unless
     * {@link Builder#streamUsage} turned it off): text, reasoning and tool-call argument deltas as they
     * arrive, then the same response {@link #request} returns. The timeout bounds each silence of the
     * stream (an idle timeout), not its whole length.
     */
    @Override
    public ModelResponse requestStream(
            List<Message> messages,
            ModelSettings settings,
            ModelRequestParameters parameters,
            Consumer<? super ModelStreamEvent> events) {
        ModelSettings s = defaults.merge(settings);
        ObjectNode body = ChatCompletionsWire.request(
                model, messages, s, parameters == null ? ModelRequestParameters.TEXT : parameters, maxTokensField);
        ChatCompletionsStream.askForStream(body, streamUsage);
        var stream = new ChatCompletionsStream(displayName, requireNonNull(events, "events"), http::redact);
        JsonNode whole = http.stream("/chat/completions", body, s.timeout(), stream);
        if (whole != null) { // the server does not stream: its whole answer, reported at once
            ModelResponse response = ChatCompletionsWire.response(whole, displayName, s);
            ModelStreamEvent.emitWhole(response, events);
            return response;
        }
        return stream.response(s);
    }

    @Override
    public String toString() {
        return "OpenAiChatModel[" + provider + ":" + model + " at " + http.baseUrl() + "]";
    }

    /** Builds an {@link OpenAiChatModel}; only {@link #model} is required. */
    public static final class Builder extends OpenAiClientBuilder<Builder> {
        private String maxTokensField = "max_completion_tokens";
        private boolean streamUsage = true;

        private Builder() {}

        /**
         * Send {@code maxTokens} as {@code max_tokens} instead of {@code max_completion_tokens};
         * default false. For servers that only know the older field.
         */
        public Builder legacyMaxTokens(boolean legacy) {
            this.maxTokensField = legacy ? "max_tokens" : "max_completion_tokens";
            return this;
        }

        /**
         * Whether a streamed request asks for token usage in a last chunk
         * ({@code stream_options: {"include_usage": true}}); default true. OpenAI, Ollama and vLLM
         * accept it; turn it off for a server that rejects the field — its streamed responses then
         * carry no usage unless the server sends it anyway.
         */
        public Builder streamUsage(boolean include) {
            this.streamUsage = include;
            return this;
        }

        public OpenAiChatModel build() {
            requireModel("OpenAiChatModel");
            return new OpenAiChatModel(this);
        }
    }
}

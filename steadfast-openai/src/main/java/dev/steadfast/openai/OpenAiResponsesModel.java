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
import dev.steadfast.openai.internal.ResponsesStream;
import dev.steadfast.openai.internal.ResponsesWire;
import java.util.List;
import java.util.function.Consumer;

/**
 * A model behind OpenAI's Responses API ({@code POST /responses}), the API OpenAI recommends for
 * new work: reasoning items (with their encrypted content) are kept across tool calls, so
 * reasoning models keep their chain of thought. Images and PDFs go as {@code input_image} /
 * {@code input_file} parts (in tool outputs too); a refusal is a
 * {@link dev.steadfast.model.ModelRefusalException}. Thread-safe; does no hidden retries; failures are
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
 *                 .reasoning(Reasoning.effort(Reasoning.Effort.LOW).withSummary(Reasoning.Summary.AUTO)).build())
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
        ObjectNode body = ResponsesWire.request(
                model, messages, s, parameters == null ? ModelRequestParameters.TEXT : parameters, store);
        JsonNode answer = http.post("/responses", body, s.timeout());
        return ResponsesWire.response(answer, displayName, s);
    }

    /**
     * Streams the answer ({@code "stream": true}): reasoning summaries, output text and function-call
     * arguments as they arrive, then the same response {@link #request} returns (the one the
     * {@code response.completed} event carries). The timeout bounds each silence of the stream (an
     * idle timeout), not its whole length.
     */
    @Override
    public ModelResponse requestStream(
            List<Message> messages,
            ModelSettings settings,
            ModelRequestParameters parameters,
            Consumer<? super ModelStreamEvent> events) {
        ModelSettings s = defaults.merge(settings);
        ObjectNode body = ResponsesWire.request(
                model, messages, s, parameters == null ? ModelRequestParameters.TEXT : parameters, store);
        body.put("stream", true);
        var stream = new ResponsesStream(displayName, requireNonNull(events, "events"), http::redact);
        JsonNode whole = http.stream("/responses", body, s.timeout(), stream);
        if (whole != null) { // the server does not stream: its whole answer, reported at once
            ModelResponse response = ResponsesWire.response(whole, displayName, s);
            ModelStreamEvent.emitWhole(response, events);
            return response;
        }
        return stream.response(s);
    }

    @Override
    public String toString() {
        return "OpenAiResponsesModel[" + provider + ":" + model + " at " + http.baseUrl() + "]";
    }

    /** Builds an {@link OpenAiResponsesModel}; only {@link #model} is required. */
    public static final class Builder extends OpenAiClientBuilder<Builder> {
        private Boolean store;

        private Builder() {}

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
            requireModel("OpenAiResponsesModel");
            return new OpenAiResponsesModel(this);
        }
    }
}

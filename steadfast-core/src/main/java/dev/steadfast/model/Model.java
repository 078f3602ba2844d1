package dev.steadfast.model;

import dev.steadfast.message.Message;
import dev.steadfast.message.ModelResponse;
import java.util.List;
import java.util.function.Consumer;

/**
 * A language model: one blocking request, one response. Implementations are thread-safe and do
 * no hidden retries — in a durable run the step's retry policy owns retrying, so every attempt is
 * recorded. Failures are {@link ModelException}s that say whether a retry can help.
 *
 * <pre>{@code
 * Model model = Models.of("openai:gpt-4.1");
 * ModelResponse r = model.request(List.of(ModelRequest.user("Hi")), ModelSettings.DEFAULTS, ModelRequestParameters.TEXT);
 * }</pre>
 */
public interface Model {
    /** The model's name as the provider knows it, e.g. {@code gpt-4.1}. */
    String name();

    /** The provider's short name, e.g. {@code openai}; used with {@link #name()} to look up prices. */
    default String provider() {
        return "custom";
    }

    /** Sends the conversation and returns the model's answer. */
    ModelResponse request(List<Message> messages, ModelSettings settings, ModelRequestParameters parameters);

    /**
     * Sends the conversation and reports the answer to {@code events} as it is written, then returns
     * the whole answer — the same response {@link #request} would return. Events arrive on the calling
     * thread; a consumer that throws, or an interrupt of the calling thread, cancels the request. Only
     * the returned response is the answer: in a durable run it is what gets recorded, never the events.
     *
     * <p>The default sends a plain {@link #request} and reports its whole response at once; clients
     * whose API streams override it.
     */
    default ModelResponse requestStream(
            List<Message> messages,
            ModelSettings settings,
            ModelRequestParameters parameters,
            Consumer<? super ModelStreamEvent> events) {
        ModelResponse response = request(messages, settings, parameters);
        ModelStreamEvent.emitWhole(response, events);
        return response;
    }
}

package dev.steadfast.openai.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.ResponsePart;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ThinkingPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.ModelStreamEvent;
import dev.steadfast.model.internal.SseReader;
import dev.steadfast.model.internal.StreamFailures;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Reads a streamed {@code /responses} answer: reports reasoning-summary, output-text and
 * function-call-argument deltas as {@link ModelStreamEvent}s while they arrive, and ends with the
 * whole response the terminal event ({@code response.completed}, {@code response.incomplete} or
 * {@code response.failed}) carries — read by {@link ResponsesWire#response}, the blocking path's
 * reader, so a streamed answer ends as the very response (or the very exception: refusal, output
 * limit, failure) a blocking request gives. An {@code error} event fails the request as the same
 * error would before the stream.
 *
 * <p>Parts are numbered as {@link ResponsesWire#response} makes them: one per reasoning item, one
 * per {@code output_text} content part of a message, one per function call; other items (built-in
 * tools) get none. Summary parts of one reasoning item are joined with a blank line, as there.
 */
public final class ResponsesStream implements SseReader.Listener {
    private final String provider;
    private final Consumer<? super ModelStreamEvent> events;
    private final UnaryOperator<String> redact;
    /** Part index by output index (reasoning, function calls) or output and content index (text). */
    private final Map<Long, Integer> parts = new HashMap<>();

    private int nextPart;
    private JsonNode response;

    /**
     * @param provider the provider's display name, for messages
     * @param redact masks secrets in the text of an error event
     */
    public ResponsesStream(String provider, Consumer<? super ModelStreamEvent> events, UnaryOperator<String> redact) {
        this.provider = provider;
        this.events = events;
        this.redact = redact;
    }

    @Override
    public void onEvent(String event, byte[] data, int length) {
        JsonNode ev = StreamFailures.json(provider, data, length);
        int output = ev.path("output_index").asInt(-1);
        switch (ev.path("type").asText(event)) {
            case "response.output_item.added" -> itemAdded(output, ev.path("item"));
            case "response.content_part.added" -> {
                if (ev.path("part").path("type").asText().equals("output_text")) {
                    start(key(output, ev.path("content_index").asInt()), TextPart.of(""));
                }
            }
            case "response.output_text.delta" -> {
                Integer part = parts.get(key(output, ev.path("content_index").asInt()));
                if (part != null) {
                    events.accept(new ModelStreamEvent.TextDelta(
                            part, ev.path("delta").asText("")));
                }
            }
            case "response.reasoning_summary_part.added" -> {
                Integer part = parts.get(key(output, -1));
                if (part != null && ev.path("summary_index").asInt() > 0) {
                    events.accept(new ModelStreamEvent.ThinkingDelta(part, "\n\n"));
                }
            }
            case "response.reasoning_summary_text.delta" -> {
                Integer part = parts.get(key(output, -1));
                if (part != null) {
                    events.accept(new ModelStreamEvent.ThinkingDelta(
                            part, ev.path("delta").asText("")));
                }
            }
            case "response.function_call_arguments.delta" -> {
                Integer part = parts.get(key(output, -1));
                if (part != null) {
                    events.accept(new ModelStreamEvent.ToolCallDelta(
                            part, ev.path("delta").asText("")));
                }
            }
            case "response.completed", "response.incomplete", "response.failed" -> response = ev.path("response");
            case "error" -> throw StreamFailures.errorEvent(provider, ev, redact);
            default -> {} // created, in_progress, *.done events, and events added after this client
        }
    }

    private void itemAdded(int output, JsonNode item) {
        switch (item.path("type").asText("")) {
            case "reasoning" ->
                start(
                        key(output, -1),
                        new ThinkingPart("", null, item.path("id").asText(null)));
            case "function_call" ->
                start(
                        key(output, -1),
                        ToolCallPart.of(
                                item.path("name").asText(""),
                                item.path("call_id").asText(""),
                                "{}"));
            default -> {} // a message's parts start with its content parts; built-in tool items are no part
        }
    }

    private void start(long key, ResponsePart part) {
        int index = nextPart++;
        parts.put(key, index);
        events.accept(new ModelStreamEvent.PartStart(index, part));
    }

    private static long key(int output, int content) {
        return ((long) output << 32) | (content & 0xffffffffL);
    }

    /** The whole answer, as the blocking path reads it; throws what the blocking path throws. */
    public ModelResponse response(ModelSettings s) {
        if (response == null || !response.isObject()) {
            throw StreamFailures.endedEarly(provider, "response.completed");
        }
        return ResponsesWire.response(response, provider, s);
    }
}

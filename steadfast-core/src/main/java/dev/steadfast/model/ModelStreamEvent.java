package dev.steadfast.model;

import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.ResponsePart;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ThinkingPart;
import dev.steadfast.message.ToolCallPart;
import java.util.function.Consumer;

/**
 * What a streaming model request reports while the answer is written. Every event names the index
 * of the response part it belongs to (the part's position in the final {@link ModelResponse#parts()}):
 * a {@link PartStart} opens a part, deltas of that part follow, possibly interleaved with other parts'
 * deltas (parallel tool calls stream by index). The final, whole response is what
 * {@link Model#requestStream} returns; the events are a preview of it and are never recorded.
 */
public sealed interface ModelStreamEvent {
    /** The index of the response part this event belongs to. */
    int index();

    /**
     * A part begins. {@code part} is what is known at its start: an empty {@link TextPart} or
     * {@link ThinkingPart}, or a {@link ToolCallPart} with the tool's name and call id and empty
     * arguments.
     */
    record PartStart(int index, ResponsePart part) implements ModelStreamEvent {}

    /** More text of a {@link TextPart}. */
    record TextDelta(int index, String text) implements ModelStreamEvent {}

    /** More reasoning of a {@link ThinkingPart}. */
    record ThinkingDelta(int index, String text) implements ModelStreamEvent {}

    /** More of a tool call's arguments, as raw JSON text (not valid JSON until the part ends). */
    record ToolCallDelta(int index, String argumentsJson) implements ModelStreamEvent {}

    /**
     * Reports a whole response as events, one start and one delta per part: what a model that cannot
     * stream does in {@link Model#requestStream}.
     */
    static void emitWhole(ModelResponse response, Consumer<? super ModelStreamEvent> events) {
        var parts = response.parts();
        for (int i = 0; i < parts.size(); i++) {
            switch (parts.get(i)) {
                case TextPart text -> {
                    events.accept(new PartStart(i, TextPart.of("")));
                    events.accept(new TextDelta(i, text.content()));
                }
                case ThinkingPart thinking -> {
                    events.accept(new PartStart(i, new ThinkingPart("", thinking.signature(), thinking.id())));
                    events.accept(new ThinkingDelta(i, thinking.content()));
                }
                case ToolCallPart call -> {
                    events.accept(new PartStart(i, ToolCallPart.of(call.toolName(), call.toolCallId(), "{}")));
                    events.accept(new ToolCallDelta(i, call.argsAsJson()));
                }
            }
        }
    }
}

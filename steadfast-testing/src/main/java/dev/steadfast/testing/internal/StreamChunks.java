package dev.steadfast.testing.internal;

import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ThinkingPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.model.ModelException;
import dev.steadfast.model.ModelStreamEvent;
import dev.steadfast.testing.FunctionModel.StreamHook;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * How the test models stream a whole response: text and thinking in word-sized deltas (each word with
 * the space after it, at most {@value #MAX_CHUNK} characters), tool-call arguments in chunks of
 * {@value #ARGS_CHUNK} characters, parts one after the other. Deterministic, so tests can count deltas.
 */
public final class StreamChunks {
    /** The longest text delta. */
    public static final int MAX_CHUNK = 12;

    /** The length of a tool call's argument chunks. */
    public static final int ARGS_CHUNK = 8;

    private StreamChunks() {}

    /** The events a streaming test model reports for {@code response}, in order. */
    public static List<ModelStreamEvent> events(ModelResponse response) {
        var events = new ArrayList<ModelStreamEvent>();
        var parts = response.parts();
        for (int i = 0; i < parts.size(); i++) {
            switch (parts.get(i)) {
                case TextPart text -> {
                    events.add(new ModelStreamEvent.PartStart(i, TextPart.of("")));
                    for (String piece : words(text.content())) {
                        events.add(new ModelStreamEvent.TextDelta(i, piece));
                    }
                }
                case ThinkingPart thinking -> {
                    events.add(new ModelStreamEvent.PartStart(
                            i, new ThinkingPart("", thinking.signature(), thinking.id())));
                    for (String piece : words(thinking.content())) {
                        events.add(new ModelStreamEvent.ThinkingDelta(i, piece));
                    }
                }
                case ToolCallPart call -> {
                    events.add(new ModelStreamEvent.PartStart(
                            i, ToolCallPart.of(call.toolName(), call.toolCallId(), "{}")));
                    String args = call.argsAsJson();
                    for (int at = 0; at < args.length(); at += ARGS_CHUNK) {
                        events.add(new ModelStreamEvent.ToolCallDelta(
                                i, args.substring(at, Math.min(args.length(), at + ARGS_CHUNK))));
                    }
                }
            }
        }
        return events;
    }

    /**
     * Reports {@code response} to {@code sink} as {@link #events}, calling {@code hook} before each event.
     * An interrupt (of the thread, or of the hook's wait) cancels the request with a non-retryable
     * {@link ModelException}; the thread's interrupt flag stays set.
     */
    public static void emit(ModelResponse response, Consumer<? super ModelStreamEvent> sink, StreamHook hook) {
        List<ModelStreamEvent> events = events(response);
        for (int n = 0; n < events.size(); n++) {
            try {
                hook.beforeEvent(n, events.get(n));
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModelException(
                        "The streaming request was cancelled (the requesting thread was interrupted) " + "after " + n
                                + " of " + events.size() + " events",
                        false);
            }
            sink.accept(events.get(n));
        }
    }

    private static List<String> words(String text) {
        var pieces = new ArrayList<String>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            boolean wordEnds = text.charAt(i) == ' ' || text.charAt(i) == '\n';
            if (wordEnds || i + 1 - start == MAX_CHUNK) {
                pieces.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            pieces.add(text.substring(start));
        }
        if (pieces.isEmpty()) {
            pieces.add("");
        }
        return pieces;
    }
}

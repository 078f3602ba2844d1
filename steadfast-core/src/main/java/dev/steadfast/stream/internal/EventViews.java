package dev.steadfast.stream.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.stream.AgentEvent;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/** Views of an event stream: the text deltas alone, and the output as it fills in. */
public final class EventViews {
    private EventViews() {}

    /** The text of every {@link AgentEvent.TextDelta}. */
    public static Iterable<String> textDeltas(Iterable<AgentEvent> events) {
        return mapped(events, e -> e instanceof AgentEvent.TextDelta d ? d.text() : null);
    }

    /**
     * The output read so far after each delta of it, when it changed: the arguments of a tool call for
     * which {@code isOutputTool} holds, or the text of the response ({@code textOutput}: as text when
     * {@code plainText}, else read as JSON). A new response, and a discarded attempt, start it over.
     */
    public static Iterable<JsonNode> partialOutput(
            Iterable<AgentEvent> events, boolean textOutput, boolean plainText, Predicate<String> isOutputTool) {
        return mapped(events, new Function<>() {
            // the output tool calls' arguments so far, by part index
            private final Map<Integer, StringBuilder> calls = new HashMap<>();
            // the text parts so far, by index: a text output is all of them joined, in order
            private final SortedMap<Integer, StringBuilder> texts = new TreeMap<>();
            private JsonNode last;

            @Override
            public JsonNode apply(AgentEvent event) {
                String grown = null;
                switch (event) {
                    case AgentEvent.PartStarted s -> {
                        if (s.index() == 0) {
                            calls.clear();
                            texts.clear();
                        }
                        if (s.part() instanceof ToolCallPart call && isOutputTool.test(call.toolName())) {
                            calls.put(s.index(), new StringBuilder());
                        } else if (textOutput && s.part() instanceof TextPart) {
                            texts.put(s.index(), new StringBuilder());
                        }
                    }
                    case AgentEvent.AttemptDiscarded d -> {
                        calls.clear();
                        texts.clear();
                    }
                    case AgentEvent.TextDelta d -> {
                        StringBuilder b = texts.get(d.index());
                        if (b != null) {
                            b.append(d.text());
                            grown = String.join("", texts.values());
                        }
                    }
                    case AgentEvent.ToolCallDelta d -> {
                        StringBuilder b = calls.get(d.index());
                        grown = b == null ? null : b.append(d.argumentsJson()).toString();
                    }
                    default -> {}
                }
                if (grown == null) {
                    return null;
                }
                JsonNode value = plainText ? JsonNodeFactory.instance.textNode(grown) : PartialJson.read(grown);
                if (value.isMissingNode() || value.equals(last)) {
                    return null;
                }
                last = value;
                return value;
            }
        });
    }

    /** {@code events} mapped by {@code f}, skipping the events it maps to {@code null}. */
    static <T> Iterable<T> mapped(Iterable<AgentEvent> events, Function<AgentEvent, T> f) {
        return () -> {
            Iterator<AgentEvent> source = events.iterator();
            return new Iterator<>() {
                private T next;

                @Override
                public boolean hasNext() {
                    while (next == null && source.hasNext()) {
                        next = f.apply(source.next());
                    }
                    return next != null;
                }

                @Override
                public T next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException("The event stream has ended");
                    }
                    T t = next;
                    next = null;
                    return t;
                }
            };
        };
    }
}

package dev.steadfast.openai.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.ResponsePart;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ThinkingPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.ModelStreamEvent;
import dev.steadfast.model.internal.JsonCursor;
import dev.steadfast.model.internal.SseReader;
import dev.steadfast.model.internal.StreamFailures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Reads a streamed {@code /chat/completions} answer ({@code chat.completion.chunk} events, then
 * {@code [DONE]}): reports its deltas as {@link ModelStreamEvent}s while they arrive, and gathers
 * them into the body the blocking API would have answered, which {@link ChatCompletionsWire#response}
 * then reads — so a streamed answer ends as the very response a blocking request gives, refusals,
 * finish reasons and usage (the last chunk's, with {@code stream_options.include_usage}) included.
 *
 * <p>Tool calls stream by their {@code index}: the first delta of a call carries its id and name,
 * later ones pieces of its arguments, and parallel calls may interleave. Reasoning
 * ({@code reasoning_content} or {@code reasoning}, as DeepSeek, vLLM, Ollama and OpenRouter send it)
 * becomes thinking. Part indexes are given in arrival order, which is the final response's order
 * when a server sends reasoning, then text, then tool calls (as they all do).
 *
 * <p>Most chunks carry one text delta; those are read without a JSON tree ({@link #plainChunk}),
 * every other chunk as a tree, so the common case costs little more than the delta's own text.
 */
public final class ChatCompletionsStream implements SseReader.Listener {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final byte[] CHOICES = JsonCursor.key("choices");
    private static final byte[] DELTA = JsonCursor.key("delta");
    private static final byte[] CONTENT = JsonCursor.key("content");
    private static final byte[] REASONING_CONTENT = JsonCursor.key("reasoning_content");
    private static final byte[] REASONING = JsonCursor.key("reasoning");
    private static final byte[] REFUSAL = JsonCursor.key("refusal");
    private static final byte[] TOOL_CALLS = JsonCursor.key("tool_calls");
    private static final byte[] FINISH_REASON = JsonCursor.key("finish_reason");
    private static final byte[] USAGE = JsonCursor.key("usage");
    private static final byte[] ERROR = JsonCursor.key("error");
    private static final byte[] MODEL = JsonCursor.key("model");

    private final String provider;
    private final Consumer<? super ModelStreamEvent> events;
    private final UnaryOperator<String> redact;
    private final StringBuilder reasoning = new StringBuilder();
    private final StringBuilder text = new StringBuilder();
    private StringBuilder refusal;
    private final List<Call> calls = new ArrayList<>();
    private int reasoningPart = -1;
    private int textPart = -1;
    private int nextPart;
    private String model;
    private byte[] modelBytes = new byte[0];
    private final JsonCursor cursor = new JsonCursor(new byte[0], 0, 0);
    private JsonNode usage;
    private String finish = "";
    private boolean done;

    private static final class Call {
        final int streamIndex;
        final String id;
        final String name;
        final int part;
        final StringBuilder args = new StringBuilder();

        Call(int streamIndex, String id, String name, int part) {
            this.streamIndex = streamIndex;
            this.id = id;
            this.name = name;
            this.part = part;
        }
    }

    /**
     * @param provider the provider's display name, for messages
     * @param redact masks secrets in the text of an error event
     */
    public ChatCompletionsStream(
            String provider, Consumer<? super ModelStreamEvent> events, UnaryOperator<String> redact) {
        this.provider = provider;
        this.events = events;
        this.redact = redact;
    }

    /** Asks for a stream, with the usage chunk at its end unless {@code usage} is false. */
    public static void askForStream(ObjectNode body, boolean usage) {
        body.put("stream", true);
        if (usage) {
            body.putObject("stream_options").put("include_usage", true);
        }
    }

    @Override
    public void onEvent(String event, byte[] data, int length) {
        if (SseReader.isDone(data, length)) {
            done = true;
            return;
        }
        if (!plainChunk(data, length)) {
            chunk(StreamFailures.json(provider, data, length));
        }
    }

    /** Reads a chunk as a tree: any chunk, malformed ones included. */
    private void chunk(JsonNode chunk) {
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull()) {
            throw StreamFailures.errorEvent(provider, error.isObject() ? error : chunk, redact);
        }
        JsonNode m = chunk.get("model");
        if (m != null && m.isTextual()) {
            model = m.asText();
        }
        JsonNode u = chunk.get("usage");
        if (u != null && u.isObject()) {
            usage = u;
        }
        JsonNode choices = chunk.get("choices");
        if (choices != null && !choices.isEmpty()) {
            JsonNode choice = choices.get(0);
            JsonNode delta = choice.path("delta");
            JsonNode r = delta.has("reasoning_content") ? delta.get("reasoning_content") : delta.get("reasoning");
            JsonNode content = delta.get("content");
            JsonNode ref = delta.get("refusal");
            JsonNode f = choice.get("finish_reason");
            apply(
                    r != null && r.isTextual() ? r.asText() : null,
                    content != null && content.isTextual() ? content.asText() : null,
                    ref != null && ref.isTextual() ? ref.asText() : null,
                    f != null && f.isTextual() ? f.asText() : null);
            JsonNode toolCalls = delta.get("tool_calls");
            if (toolCalls != null) {
                toolCalls.forEach(this::toolCall);
            }
        }
    }

    /**
     * Reads the common chunk — text, reasoning, a refusal or a finish reason, no tool calls, usage
     * or error — without building a tree (see {@link JsonCursor}); false, having changed nothing,
     * for any other chunk, which {@link #chunk} then reads.
     */
    private boolean plainChunk(byte[] data, int length) {
        String r = null;
        boolean reasoningContent = false;
        String content = null;
        String ref = null;
        String f = null;
        long modelBounds = -1;
        try {
            JsonCursor c = cursor.reset(data, 0, length);
            c.enterObject();
            while (c.nextKey()) {
                if (c.keyIs(CHOICES)) {
                    if (c.nullValue()) {
                        continue;
                    }
                    c.enterArray();
                    for (int n = 0; c.nextElement(); n++) {
                        if (n > 0) {
                            c.skipValue();
                            continue;
                        }
                        c.enterObject();
                        while (c.nextKey()) {
                            if (c.keyIs(DELTA)) {
                                if (c.nullValue()) {
                                    continue;
                                }
                                c.enterObject();
                                while (c.nextKey()) {
                                    if (c.keyIs(CONTENT)) {
                                        content = c.stringOrNull();
                                    } else if (c.keyIs(REASONING_CONTENT)) {
                                        r = c.stringOrNull();
                                        reasoningContent = true;
                                    } else if (c.keyIs(REASONING) && !reasoningContent) {
                                        r = c.stringOrNull();
                                    } else if (c.keyIs(REFUSAL)) {
                                        ref = c.stringOrNull();
                                    } else if (c.keyIs(TOOL_CALLS)) {
                                        if (!c.nullValue()) {
                                            return false;
                                        }
                                    } else {
                                        c.skipValue();
                                    }
                                }
                            } else if (c.keyIs(FINISH_REASON)) {
                                f = c.stringOrNull();
                            } else {
                                c.skipValue();
                            }
                        }
                    }
                } else if (c.keyIs(USAGE) || c.keyIs(ERROR)) {
                    if (!c.nullValue()) {
                        return false;
                    }
                } else if (c.keyIs(MODEL)) {
                    modelBounds = c.stringBounds();
                } else {
                    c.skipValue();
                }
            }
            c.expectEnd();
        } catch (JsonCursor.Unexpected e) {
            return false;
        }
        if (modelBounds >= 0) {
            int start = (int) (modelBounds >>> 32);
            int end = (int) modelBounds;
            if (!Arrays.equals(data, start, end, modelBytes, 0, modelBytes.length)) {
                modelBytes = Arrays.copyOfRange(data, start, end);
                model = new String(modelBytes, StandardCharsets.UTF_8);
            }
        }
        apply(r, content, ref, f);
        return true;
    }

    private void apply(String r, String content, String ref, String f) {
        if (r != null && !r.isEmpty()) {
            if (reasoningPart < 0) {
                reasoningPart = start(ThinkingPart.of(""));
            }
            reasoning.append(r);
            events.accept(new ModelStreamEvent.ThinkingDelta(reasoningPart, r));
        }
        if (content != null && !content.isEmpty()) {
            if (textPart < 0) {
                textPart = start(TextPart.of(""));
            }
            text.append(content);
            events.accept(new ModelStreamEvent.TextDelta(textPart, content));
        }
        if (ref != null) {
            if (refusal == null) {
                refusal = new StringBuilder();
            }
            refusal.append(ref);
        }
        if (f != null) {
            finish = f;
        }
    }

    private void toolCall(JsonNode delta) {
        JsonNode fn = delta.path("function");
        String id = delta.path("id").asText("");
        // a server that sends no index (some compatible ones) sends each call whole: a new id is a new call
        int index = delta.has("index")
                ? delta.get("index").asInt()
                : !id.isEmpty() || calls.isEmpty() ? calls.size() : calls.getLast().streamIndex;
        Call call = null;
        for (Call c : calls) {
            if (c.streamIndex == index) {
                call = c;
            }
        }
        if (call == null) {
            String name = fn.path("name").asText("");
            ToolCallPart start = id.isEmpty() ? ToolCallPart.of(name, "{}") : ToolCallPart.of(name, id, "{}");
            call = new Call(index, start.toolCallId(), name, nextPart);
            calls.add(call);
            start(start);
        }
        JsonNode args = fn.get("arguments");
        if (args != null && args.isTextual() && !args.asText().isEmpty()) {
            call.args.append(args.asText());
            events.accept(new ModelStreamEvent.ToolCallDelta(call.part, args.asText()));
        }
    }

    private int start(ResponsePart part) {
        int index = nextPart++;
        events.accept(new ModelStreamEvent.PartStart(index, part));
        return index;
    }

    /** The whole answer, read as the blocking API's body would be; throws what the blocking path throws. */
    public ModelResponse response(ModelSettings s) {
        if (!done && finish.isEmpty()) {
            throw StreamFailures.endedEarly(provider, "finish_reason or [DONE]");
        }
        ObjectNode body = F.objectNode();
        if (model != null) {
            body.put("model", model);
        }
        ObjectNode choice = body.putArray("choices").addObject();
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (!reasoning.isEmpty()) {
            message.put("reasoning_content", reasoning.toString());
        }
        message.put("content", text.toString());
        if (refusal != null) {
            message.put("refusal", refusal.toString());
        }
        if (!calls.isEmpty()) {
            ArrayNode out = message.putArray("tool_calls");
            for (Call c : calls) {
                ObjectNode call = out.addObject().put("id", c.id).put("type", "function");
                call.putObject("function")
                        .put("name", c.name)
                        .put("arguments", c.args.isEmpty() ? "{}" : c.args.toString());
            }
        }
        choice.put("finish_reason", finish);
        if (usage != null) {
            body.set("usage", usage);
        }
        return ChatCompletionsWire.response(body, provider, s);
    }
}

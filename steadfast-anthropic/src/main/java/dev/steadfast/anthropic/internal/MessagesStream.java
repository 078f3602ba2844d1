package dev.steadfast.anthropic.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ResponsePart;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ThinkingPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.model.ModelException;
import dev.steadfast.model.ModelStreamEvent;
import dev.steadfast.model.internal.JsonCursor;
import dev.steadfast.model.internal.SseReader;
import dev.steadfast.model.internal.StreamFailures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Reads a streamed {@code /v1/messages} answer: {@code message_start}, then per content block
 * {@code content_block_start}, its deltas ({@code text_delta}, {@code thinking_delta},
 * {@code signature_delta}, {@code input_json_delta}, {@code citations_delta}) and
 * {@code content_block_stop}, then {@code message_delta} (stop reason, final usage) and
 * {@code message_stop}; {@code ping}s are skipped and an {@code error} event fails the request as
 * the same error would before the stream. The deltas are reported as {@link ModelStreamEvent}s while
 * they arrive, and the blocks are gathered into the message the blocking API would have answered,
 * which {@link MessagesWire#response} then reads (and {@link MessagesWire#continuePausedTurn}, for
 * a paused turn) — so a streamed answer ends as the very response a blocking request gives.
 *
 * <p>Only blocks that become parts (text, thinking, redacted thinking, tool use) get a part index;
 * server tool blocks are kept in the message (a paused turn sends them back) but not reported.
 * Text, thinking and tool-input deltas, most of a stream, are read without a JSON tree.
 */
public final class MessagesStream implements SseReader.Listener {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String PROVIDER = "Anthropic";
    private static final byte[] INDEX = JsonCursor.key("index");
    private static final byte[] DELTA = JsonCursor.key("delta");
    private static final byte[] TYPE = JsonCursor.key("type");
    private static final byte[] TEXT = JsonCursor.key("text");
    private static final byte[] THINKING = JsonCursor.key("thinking");
    private static final byte[] PARTIAL_JSON = JsonCursor.key("partial_json");
    private static final byte[] TEXT_DELTA = JsonCursor.key("text_delta");
    private static final byte[] THINKING_DELTA = JsonCursor.key("thinking_delta");
    private static final byte[] INPUT_JSON_DELTA = JsonCursor.key("input_json_delta");

    private final Consumer<? super ModelStreamEvent> events;
    private final UnaryOperator<String> redact;
    private final List<Block> blocks = new ArrayList<>();
    private final JsonCursor cursor = new JsonCursor(new byte[0], 0, 0);
    private int nextPart;
    private ObjectNode message;
    private boolean stopped;

    /** A content block being written: its JSON, the text its deltas add, its part index or -1. */
    private static final class Block {
        final ObjectNode json;
        final String field;
        final StringBuilder text = new StringBuilder();
        final StringBuilder signature = new StringBuilder();
        final int part;

        Block(ObjectNode json, String field, int part) {
            this.json = json;
            this.field = field;
            this.part = part;
        }
    }

    /**
     * @param firstPart the part index of this message's first part: the parts a paused turn already
     *     gave in the same call, 0 otherwise
     * @param redact masks secrets in the text of an error event
     */
    public MessagesStream(Consumer<? super ModelStreamEvent> events, UnaryOperator<String> redact, int firstPart) {
        this.events = events;
        this.redact = redact;
        this.nextPart = firstPart;
    }

    @Override
    public void onEvent(String event, byte[] data, int length) {
        if (event.equals("content_block_delta") && plainDelta(data, length)) {
            return;
        }
        JsonNode ev = StreamFailures.json(PROVIDER, data, length);
        switch (ev.path("type").asText(event)) {
            case "message_start" ->
                message = ev.path("message").isObject() ? ((ObjectNode) ev.get("message")).deepCopy() : F.objectNode();
            case "content_block_start" -> start(ev.path("index").asInt(), ev.path("content_block"));
            case "content_block_delta" -> delta(block(ev), ev.path("delta"));
            case "content_block_stop" -> block(ev); // its JSON is written once, in answer()
            case "message_delta" -> messageDelta(ev);
            case "message_stop" -> stopped = true;
            case "error" -> throw StreamFailures.errorEvent(PROVIDER, ev.path("error"), redact);
            default -> {} // ping, and events added after this client was written
        }
    }

    /**
     * Reads the common event — a text, thinking or tool-input delta — without building a tree (see
     * {@link JsonCursor}); false, having changed nothing, for any other event, which is then read as a
     * tree.
     */
    private boolean plainDelta(byte[] data, int length) {
        int index = -1;
        long type = -1;
        String text = null;
        try {
            JsonCursor c = cursor.reset(data, 0, length);
            c.enterObject();
            while (c.nextKey()) {
                if (c.keyIs(INDEX)) {
                    index = c.intValue();
                } else if (c.keyIs(DELTA)) {
                    c.enterObject();
                    while (c.nextKey()) {
                        if (c.keyIs(TYPE)) {
                            type = c.stringBounds();
                        } else if (c.keyIs(TEXT) || c.keyIs(THINKING) || c.keyIs(PARTIAL_JSON)) {
                            text = c.stringOrNull();
                        } else {
                            c.skipValue();
                        }
                    }
                } else {
                    c.skipValue();
                }
            }
            c.expectEnd();
        } catch (JsonCursor.Unexpected e) {
            return false;
        }
        if (index < 0
                || index >= blocks.size()
                || blocks.get(index) == null
                || type < 0
                || text == null
                || !isOneOf(data, type, TEXT_DELTA, THINKING_DELTA, INPUT_JSON_DELTA)) {
            return false;
        }
        append(blocks.get(index), text);
        return true;
    }

    private static boolean isOneOf(byte[] data, long bounds, byte[]... values) {
        int start = (int) (bounds >>> 32);
        int end = (int) bounds;
        for (byte[] v : values) {
            if (Arrays.equals(data, start, end, v, 0, v.length)) {
                return true;
            }
        }
        return false;
    }

    private void start(int index, JsonNode content) {
        if (message == null) {
            throw new ModelException(
                    PROVIDER + " sent a content block before message_start; asking again may help", true);
        }
        ObjectNode json = content.isObject() ? ((ObjectNode) content).deepCopy() : F.objectNode();
        String field;
        ResponsePart part;
        switch (json.path("type").asText("")) {
            case "text" -> {
                field = "text";
                part = TextPart.of("");
            }
            case "thinking" -> {
                field = "thinking";
                part = new ThinkingPart("", null, null);
            }
            case "redacted_thinking" -> {
                field = null;
                part = new ThinkingPart("", json.path("data").asText(""), MessagesWire.REDACTED);
            }
            case "tool_use" -> {
                field = "input";
                part = ToolCallPart.of(
                        json.path("name").asText(""), json.path("id").asText(""), "{}");
            }
            default -> {
                field = json.has("input") ? "input" : null; // a server tool's call streams its input too
                part = null;
            }
        }
        Block block = new Block(json, field, part == null ? -1 : nextPart++);
        while (blocks.size() <= index) {
            blocks.add(null);
        }
        blocks.set(index, block);
        if (part != null) {
            events.accept(new ModelStreamEvent.PartStart(block.part, part));
        }
        String initial =
                field == null || field.equals("input") ? "" : json.path(field).asText("");
        if (!initial.isEmpty()) {
            append(block, initial);
        }
    }

    private Block block(JsonNode ev) {
        int index = ev.path("index").asInt(-1);
        if (index < 0 || index >= blocks.size() || blocks.get(index) == null) {
            throw new ModelException(
                    PROVIDER + " sent a delta for content block " + index + ", which it never started; "
                            + "asking again may help",
                    true);
        }
        return blocks.get(index);
    }

    private void delta(Block block, JsonNode delta) {
        switch (delta.path("type").asText("")) {
            case "text_delta" -> append(block, delta.path("text").asText(""));
            case "thinking_delta" -> append(block, delta.path("thinking").asText(""));
            case "input_json_delta" -> append(block, delta.path("partial_json").asText(""));
            case "signature_delta" ->
                block.signature.append(delta.path("signature").asText(""));
            case "citations_delta" -> {
                JsonNode citations = block.json.get("citations");
                (citations instanceof ArrayNode a ? a : block.json.putArray("citations")).add(delta.path("citation"));
            }
            default -> {}
        }
    }

    private void append(Block block, String text) {
        if (text.isEmpty()) {
            return;
        }
        block.text.append(text);
        if (block.part >= 0) {
            events.accept(
                    switch (block.field) {
                        case "thinking" -> new ModelStreamEvent.ThinkingDelta(block.part, text);
                        case "input" -> new ModelStreamEvent.ToolCallDelta(block.part, text);
                        default -> new ModelStreamEvent.TextDelta(block.part, text);
                    });
        }
    }

    /** Writes what the deltas added into the block's JSON, as the blocking API has it. */
    private void finish(Block block) {
        if (block.field == null) {
            return;
        }
        if (block.field.equals("input")) {
            block.json.set("input", input(block.text.toString()));
        } else {
            block.json.put(block.field, block.text.toString());
        }
        if (!block.signature.isEmpty()) {
            block.json.put("signature", block.signature.toString());
        }
    }

    private static JsonNode input(String json) {
        if (json.isBlank()) {
            return F.objectNode();
        }
        try {
            return Messages.mapper().readTree(json);
        } catch (IOException e) {
            throw new ModelException(
                    PROVIDER + " streamed tool input that is not JSON: "
                            + (json.length() > 300 ? json.substring(0, 300) + "…" : json) + "; asking again may help",
                    true);
        }
    }

    private void messageDelta(JsonNode ev) {
        if (message == null) {
            throw new ModelException(
                    PROVIDER + " sent message_delta before message_start; asking again may help", true);
        }
        for (Map.Entry<String, JsonNode> e : ev.path("delta").properties()) {
            message.set(e.getKey(), e.getValue());
        }
        JsonNode usage = ev.get("usage");
        if (usage != null && usage.isObject()) {
            ObjectNode total = message.get("usage") instanceof ObjectNode u ? u : message.putObject("usage");
            usage.properties().forEach(e -> {
                if (!e.getValue().isNull()) {
                    total.set(e.getKey(), e.getValue()); // counts in message_delta are totals so far
                }
            });
        }
    }

    /** The whole message, as the blocking API would have answered it. */
    public ObjectNode answer() {
        if (!stopped || message == null) {
            throw StreamFailures.endedEarly(PROVIDER, "message_stop");
        }
        ArrayNode content = message.putArray("content");
        for (Block block : blocks) {
            if (block != null) {
                finish(block);
                content.add(block.json);
            }
        }
        return message;
    }
}

package dev.steadfast.opentelemetry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.message.Message;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.RequestPart;
import dev.steadfast.message.ResponsePart;
import dev.steadfast.message.RetryPromptPart;
import dev.steadfast.message.SystemPromptPart;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ThinkingPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.message.UserPromptPart;
import java.util.List;
import java.util.Locale;

/**
 * Messages in the shape the GenAI conventions give {@code gen_ai.input.messages} and
 * {@code gen_ai.output.messages}: {@code [{"role": ..., "parts": [{"type": "text", "content": ...}, ...]}]}.
 */
final class ContentJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ContentJson() {}

    static String messages(List<Message> messages) {
        ArrayNode out = JSON.arrayNode();
        for (Message m : messages) {
            switch (m) {
                case ModelRequest r -> request(r, out);
                case ModelResponse r -> {
                    ObjectNode msg = out.addObject().put("role", "assistant");
                    ArrayNode parts = msg.putArray("parts");
                    r.parts().forEach(p -> responsePart(p, parts));
                    if (r.finishReason() != null) {
                        msg.put("finish_reason", r.finishReason().name().toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return out.toString();
    }

    static String value(Object value) {
        JsonNode tree = value instanceof JsonNode n ? n : Messages.toTree(value);
        return tree.isTextual() ? tree.asText() : tree.toString();
    }

    private static void request(ModelRequest r, ArrayNode out) {
        for (RequestPart p : r.parts()) {
            switch (p) {
                case SystemPromptPart s -> text(out.addObject().put("role", "system"), s.content());
                case UserPromptPart u -> text(out.addObject().put("role", "user"), u.content());
                case ToolReturnPart t -> {
                    ObjectNode part = out.addObject()
                            .put("role", "tool")
                            .putArray("parts")
                            .addObject();
                    part.put("type", "tool_call_response").put("id", t.toolCallId());
                    part.set("response", t.content());
                }
                case RetryPromptPart retry ->
                    text(out.addObject().put("role", retry.toolCallId() == null ? "user" : "tool"), retry.content());
            }
        }
    }

    private static void responsePart(ResponsePart p, ArrayNode parts) {
        switch (p) {
            case TextPart t -> parts.addObject().put("type", "text").put("content", t.content());
            case ThinkingPart t -> parts.addObject().put("type", "reasoning").put("content", t.content());
            case ToolCallPart c -> {
                ObjectNode call = parts.addObject()
                        .put("type", "tool_call")
                        .put("id", c.toolCallId())
                        .put("name", c.toolName());
                call.set("arguments", c.args());
            }
        }
    }

    private static void text(ObjectNode message, String content) {
        message.putArray("parts").addObject().put("type", "text").put("content", content);
    }
}

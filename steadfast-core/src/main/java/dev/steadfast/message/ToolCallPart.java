package dev.steadfast.message;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.UUID;

/**
 * The model asks for a tool to be called.
 *
 * <p>{@code args} is normally a JSON object. When a provider sends arguments that are not valid
 * JSON they are kept verbatim as a JSON string, and the agent asks the model to try again.
 *
 * @param toolName the tool to call
 * @param toolCallId the provider's id for this call (generated when the provider sends none)
 * @param args the arguments
 */
public record ToolCallPart(String toolName, String toolCallId, JsonNode args) implements ResponsePart {
    public ToolCallPart {
        requireNonNull(toolName, "toolName");
        requireNonNull(toolCallId, "toolCallId");
        requireNonNull(args, "args");
    }

    /**
     * A call with a generated id. {@code args} is any Jackson-serializable object, or a JSON string;
     * a string that is not JSON is kept verbatim (as a provider's malformed arguments would be).
     */
    public static ToolCallPart of(String toolName, Object args) {
        return new ToolCallPart(toolName, "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24), parseArgs(args));
    }

    /** A call with the given id; {@code args} as in {@link #of(String, Object)}. */
    public static ToolCallPart of(String toolName, String toolCallId, Object args) {
        return new ToolCallPart(toolName, toolCallId, parseArgs(args));
    }

    private static JsonNode parseArgs(Object args) {
        if (args instanceof String s) {
            try {
                return Messages.mapper().readTree(s.isBlank() ? "{}" : s);
            } catch (Exception e) {
                return TextNode.valueOf(s);
            }
        }
        return Messages.toTree(args == null ? java.util.Map.of() : args);
    }

    /** The arguments as compact JSON text. */
    public String argsAsJson() {
        return args.isTextual() ? args.asText() : args.toString();
    }
}

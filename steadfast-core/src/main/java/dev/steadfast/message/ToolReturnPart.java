package dev.steadfast.message;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The result of a tool call, returned to the model.
 *
 * @param toolName the tool that was called
 * @param toolCallId the id of the {@link ToolCallPart} this answers
 * @param content the tool's result as JSON (a string result is a JSON string)
 */
public record ToolReturnPart(String toolName, String toolCallId, JsonNode content) implements RequestPart {
    public ToolReturnPart {
        requireNonNull(toolName, "toolName");
        requireNonNull(toolCallId, "toolCallId");
        requireNonNull(content, "content");
    }

    /** A tool return whose content is any Jackson-serializable value. */
    public static ToolReturnPart of(String toolName, String toolCallId, Object content) {
        return new ToolReturnPart(toolName, toolCallId, Messages.toTree(content));
    }

    /** The content as text: a JSON string's value, any other JSON as compact JSON. */
    public String contentAsText() {
        return content.isTextual() ? content.asText() : content.toString();
    }
}

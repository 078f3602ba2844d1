package dev.steadfast.message;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.steadfast.media.Media;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of a tool call, returned to the model.
 *
 * @param toolName the tool that was called
 * @param toolCallId the id of the {@link ToolCallPart} this answers
 * @param content the tool's result as JSON (a string result is a JSON string)
 * @param outcome how the call ended; {@code null} (absent in JSON) for a tool that returned normally
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolReturnPart(String toolName, String toolCallId, JsonNode content, Outcome outcome) implements RequestPart {
    /** How a call ended when it did not simply return. */
    public enum Outcome {
        /** The tool reported a failure ({@code ToolFailed}); the content is its message. Providers with an error flag get it. */
        FAILED("failed"),
        /** The call was denied by a human or an approval handler; the content says why. */
        DENIED("denied");

        private final String json;

        Outcome(String json) {
            this.json = json;
        }

        @JsonValue
        String json() {
            return json;
        }
    }

    public ToolReturnPart {
        requireNonNull(toolName, "toolName");
        requireNonNull(toolCallId, "toolCallId");
        requireNonNull(content, "content");
    }

    /** A normal return. */
    public ToolReturnPart(String toolName, String toolCallId, JsonNode content) {
        this(toolName, toolCallId, content, null);
    }

    /** A tool return whose content is any Jackson-serializable value. */
    public static ToolReturnPart of(String toolName, String toolCallId, Object content) {
        return new ToolReturnPart(toolName, toolCallId, Messages.toTree(content));
    }

    /** A failed call: the model sees {@code message} as the result, marked failed. */
    public static ToolReturnPart failed(String toolName, String toolCallId, String message) {
        return new ToolReturnPart(toolName, toolCallId, Messages.toTree(message), Outcome.FAILED);
    }

    /** The content as text: a JSON string's value, any other JSON as compact JSON. */
    public String contentAsText() {
        return content.isTextual() ? content.asText() : content.toString();
    }

    /**
     * The images and PDFs the tool returned: its result when that is a {@link Media}, or the media
     * elements of a list it returned. Providers send them as files; {@link #contentWithoutMedia()} is
     * the rest.
     */
    @JsonIgnore
    public List<Media> media() {
        List<Media> out = new ArrayList<>();
        if (isMedia(content)) {
            out.add(Messages.mapper().convertValue(content, Media.class));
        } else if (content.isArray()) {
            for (JsonNode n : content) {
                if (isMedia(n)) {
                    out.add(Messages.mapper().convertValue(n, Media.class));
                }
            }
        }
        return out;
    }

    /**
     * The result's text with media objects taken out (they travel as files): {@code ""} for a
     * result that is only media, else {@link #contentAsText()} of what remains.
     */
    @JsonIgnore
    public String contentWithoutMedia() {
        if (isMedia(content)) {
            return "";
        }
        if (content.isArray()) {
            ArrayNode rest = Messages.mapper().createArrayNode();
            content.forEach(n -> {
                if (!isMedia(n)) {
                    rest.add(n);
                }
            });
            if (rest.size() < content.size()) {
                return rest.isEmpty() ? "" : rest.size() == 1 && rest.get(0).isTextual() ? rest.get(0).asText() : rest.toString();
            }
        }
        return contentAsText();
    }

    private static boolean isMedia(JsonNode n) {
        return n.isObject() && Media.KIND.equals(n.path("kind").asText()) && n.has("mediaType");
    }

    /** Whether the tool reported a failure. */
    @JsonIgnore
    public boolean isFailed() {
        return outcome == Outcome.FAILED;
    }
}

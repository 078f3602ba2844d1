package dev.steadfast.message;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.steadfast.usage.Usage;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What the model answered in one turn.
 *
 * <pre>{@code
 * ModelResponse.of(ToolCallPart.of("search", Map.of("query", "fsync")));
 * ModelResponse.of(TextPart.of("Done."));
 * }</pre>
 *
 * @param parts text, tool calls and thinking, in the order the model produced them
 * @param usage the tokens this response cost ({@link Usage#NONE} when unknown)
 * @param modelName the model that answered, or {@code null}
 * @param finishReason why the model stopped, or {@code null} when unknown
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelResponse(List<ResponsePart> parts, Usage usage, String modelName, FinishReason finishReason)
        implements Message {
    public ModelResponse {
        parts = List.copyOf(parts);
        usage = Objects.requireNonNullElse(usage, Usage.NONE);
    }

    /** A response with the given parts and no usage or model name. */
    public static ModelResponse of(ResponsePart... parts) {
        return new ModelResponse(List.of(parts), Usage.NONE, null, null);
    }

    /** This response with {@code usage} in place of its own. */
    public ModelResponse withUsage(Usage usage) {
        return new ModelResponse(parts, usage, modelName, finishReason);
    }

    /** The tool calls in this response, in order. */
    @JsonIgnore
    public List<ToolCallPart> toolCalls() {
        return parts.stream().filter(ToolCallPart.class::isInstance).map(ToolCallPart.class::cast).toList();
    }

    /** All text parts joined, or an empty string when there are none. */
    @JsonIgnore
    public String text() {
        return parts.stream().filter(TextPart.class::isInstance).map(p -> ((TextPart) p).content())
                .collect(Collectors.joining());
    }
}

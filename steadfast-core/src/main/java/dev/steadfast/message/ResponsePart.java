package dev.steadfast.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A part of a {@link ModelResponse}: what the model said or asked for. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = TextPart.class, name = "text"),
    @JsonSubTypes.Type(value = ToolCallPart.class, name = "tool-call"),
    @JsonSubTypes.Type(value = ThinkingPart.class, name = "thinking")
})
public sealed interface ResponsePart extends Part permits TextPart, ToolCallPart, ThinkingPart {}

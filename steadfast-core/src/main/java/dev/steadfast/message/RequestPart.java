package dev.steadfast.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A part of a {@link ModelRequest}: what we tell the model. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SystemPromptPart.class, name = "system-prompt"),
    @JsonSubTypes.Type(value = UserPromptPart.class, name = "user-prompt"),
    @JsonSubTypes.Type(value = ToolReturnPart.class, name = "tool-return"),
    @JsonSubTypes.Type(value = RetryPromptPart.class, name = "retry-prompt")
})
public sealed interface RequestPart extends Part
        permits SystemPromptPart, UserPromptPart, ToolReturnPart, RetryPromptPart {}

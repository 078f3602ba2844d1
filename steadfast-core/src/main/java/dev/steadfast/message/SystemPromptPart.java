package dev.steadfast.message;

import static java.util.Objects.requireNonNull;

/** Instructions for the model, sent first. */
public record SystemPromptPart(String content) implements RequestPart {
    public SystemPromptPart {
        requireNonNull(content, "content");
    }
}

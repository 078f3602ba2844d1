package dev.steadfast.message;

import static java.util.Objects.requireNonNull;

/** What the user asked. */
public record UserPromptPart(String content) implements RequestPart {
    public UserPromptPart {
        requireNonNull(content, "content");
    }
}

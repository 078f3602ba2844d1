package dev.steadfast.message;

import static java.util.Objects.requireNonNull;

/** Plain text from the model. */
public record TextPart(String content) implements ResponsePart {
    public TextPart {
        requireNonNull(content, "content");
    }

    public static TextPart of(String content) {
        return new TextPart(content);
    }
}

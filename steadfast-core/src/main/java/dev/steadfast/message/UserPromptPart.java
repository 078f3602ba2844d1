package dev.steadfast.message;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.steadfast.media.Media;
import java.util.List;

/**
 * What the user asked: text, and any images or PDFs to read with it.
 *
 * @param content the prompt's text
 * @param media images and documents sent after the text, in order; empty (and absent in JSON) for none
 */
public record UserPromptPart(String content, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Media> media)
        implements RequestPart {
    public UserPromptPart {
        requireNonNull(content, "content");
        media = media == null ? List.of() : List.copyOf(media);
    }

    /** A text-only prompt. */
    public UserPromptPart(String content) {
        this(content, List.of());
    }
}

package dev.steadfast.message;

import dev.steadfast.media.Media;
import java.util.List;

/**
 * What we send the model in one turn: system prompts, the user's prompt, tool returns and retry
 * prompts.
 */
public record ModelRequest(List<RequestPart> parts) implements Message {
    public ModelRequest {
        parts = List.copyOf(parts);
    }

    public static ModelRequest of(RequestPart... parts) {
        return new ModelRequest(List.of(parts));
    }

    /** A request holding one user prompt. */
    public static ModelRequest user(String prompt) {
        return of(new UserPromptPart(prompt));
    }

    /** A request holding one user prompt with images or PDFs to read: {@code user("What is this?", Media.imageUrl(url))}. */
    public static ModelRequest user(String prompt, Media... media) {
        return of(new UserPromptPart(prompt, List.of(media)));
    }
}

package dev.steadfast.message;

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
}

package dev.steadfast.message;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The model's reasoning, kept in history so providers that require it (Anthropic's extended
 * thinking) receive it back unchanged.
 *
 * @param content the reasoning text (may be empty when the provider only returns it encrypted)
 * @param signature the provider's signature or encrypted payload, or {@code null}
 * @param id the provider's id for this block, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ThinkingPart(String content, String signature, String id) implements ResponsePart {
    public ThinkingPart {
        requireNonNull(content, "content");
    }

    public static ThinkingPart of(String content) {
        return new ThinkingPart(content, null, null);
    }
}

package dev.steadfast.message;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Asks the model to try again: its tool arguments did not validate, a tool threw
 * {@code ModelRetry}, or its output was invalid.
 *
 * @param toolName the tool the failed call named, or {@code null} when a text answer failed
 * @param toolCallId the failed call's id, or {@code null} when a text answer failed
 * @param content what went wrong, in words the model can act on
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetryPromptPart(String toolName, String toolCallId, String content) implements RequestPart {
    public RetryPromptPart {
        requireNonNull(content, "content");
    }
}

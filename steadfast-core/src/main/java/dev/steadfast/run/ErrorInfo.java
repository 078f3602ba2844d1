package dev.steadfast.run;

import static java.util.Objects.requireNonNull;

/**
 * A recorded error: the exception's class name and message, as they were when it was thrown.
 *
 * @param type the exception's class name
 * @param message its message (may be empty)
 * @param stackTrace the stack trace as text, or {@code null}
 */
public record ErrorInfo(String type, String message, String stackTrace) {
    public ErrorInfo {
        requireNonNull(type, "type");
        message = message == null ? "" : message;
    }

    /** {@code type: message}. */
    public String summary() {
        return message.isEmpty() ? type : type + ": " + message;
    }
}

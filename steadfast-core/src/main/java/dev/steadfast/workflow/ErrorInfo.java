package dev.steadfast.workflow;

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

    /** The error of a throwable (its stack trace included). */
    public static ErrorInfo of(Throwable t) {
        var w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        String type = t instanceof StepFailedException sf ? sf.errorType() : t.getClass().getName();
        String message = t instanceof StepFailedException sf ? sf.errorMessage() : t.getMessage();
        return new ErrorInfo(type, message, w.toString());
    }

    /** {@code type: message}. */
    public String summary() {
        return message.isEmpty() ? type : type + ": " + message;
    }
}

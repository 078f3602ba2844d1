package dev.steadfast.error;

import dev.steadfast.SteadfastException;

/**
 * A value could not be recorded by the engine: it cannot be written as JSON, or it is too large
 * ({@link PayloadTooLargeException}). A step whose result is refused fails at once — never retried,
 * since the same result would be refused again — and nothing of it is recorded.
 */
public class PayloadException extends SteadfastException {
    public PayloadException(String message) {
        super(message);
    }

    public PayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}

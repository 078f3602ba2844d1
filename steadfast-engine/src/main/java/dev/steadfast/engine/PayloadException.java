package dev.steadfast.engine;

import dev.steadfast.SteadfastException;

/**
 * A value could not be stored in the journal: it is larger than the engine's payload limit, or it
 * cannot be written as JSON. A step whose result is refused fails at once (never retried: the
 * same result would be refused again) and nothing of it is written.
 */
public class PayloadException extends SteadfastException {
    public PayloadException(String message) {
        super(message);
    }

    public PayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}

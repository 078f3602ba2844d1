package dev.steadfast.model;

/** The request took longer than its timeout, or the connection dropped. Retryable. */
public class ModelTimeoutException extends ModelException {
    public ModelTimeoutException(String message, Throwable cause) {
        super(message, true, null, cause);
    }
}

package dev.steadfast;

/**
 * The one unchecked root of every error Steadfast throws.
 *
 * <p>Subtypes say whether retrying can help (see {@code ModelException#isRetryable()}) and carry
 * what a caller needs to act on the failure. Messages name the culprit and, where there is one,
 * the fix.
 */
public class SteadfastException extends RuntimeException {
    public SteadfastException(String message) {
        super(message);
    }

    public SteadfastException(String message, Throwable cause) {
        super(message, cause);
    }
}

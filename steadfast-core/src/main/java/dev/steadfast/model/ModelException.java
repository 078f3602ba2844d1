package dev.steadfast.model;

import dev.steadfast.SteadfastException;
import java.time.Duration;
import java.util.Optional;

/**
 * A model request failed. {@link #isRetryable()} says whether the same request may succeed later
 * (rate limits, server errors, timeouts) or never will (bad request, auth); {@link #retryAfter()}
 * is how long the server asked us to wait, when it said.
 */
public class ModelException extends SteadfastException {
    private final boolean retryable;
    private final Duration retryAfter;

    public ModelException(String message, boolean retryable) {
        this(message, retryable, null, null);
    }

    public ModelException(String message, boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public boolean isRetryable() {
        return retryable;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}

package dev.steadfast.model;

import java.time.Duration;

/** The provider answered with an HTTP error. 408, 409, 429, 5xx and 529 are retryable; other 4xx are not. */
public class ModelHttpException extends ModelException {
    private final int status;
    private final String body;

    public ModelHttpException(int status, String message, String body) {
        this(status, message, body, isRetryableStatus(status), null);
    }

    /**
     * An HTTP error whose retryability the server decided (OpenAI's and Anthropic's
     * {@code x-should-retry} header) rather than its status.
     */
    public ModelHttpException(int status, String message, String body, boolean retryable) {
        this(status, message, body, retryable, null);
    }

    protected ModelHttpException(int status, String message, String body, boolean retryable, Duration retryAfter) {
        super(message, retryable, retryAfter, null);
        this.status = status;
        this.body = body;
    }

    /** Whether an HTTP status is worth retrying. */
    public static boolean isRetryableStatus(int status) {
        return status == 408 || status == 409 || status == 429 || status >= 500;
    }

    public int status() {
        return status;
    }

    /** The response body (the provider's error), possibly truncated. */
    public String body() {
        return body;
    }
}

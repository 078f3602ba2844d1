package dev.steadfast.model;

import java.time.Duration;

/** The provider is rate limiting us (HTTP 429) or overloaded (Anthropic's 529). Always retryable. */
public class RateLimitedException extends ModelHttpException {
    public RateLimitedException(int status, String message, String body, Duration retryAfter) {
        super(status, message, body, true, retryAfter);
    }
}

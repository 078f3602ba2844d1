package dev.steadfast.agent;

import dev.steadfast.SteadfastException;

/** A run would pass one of its {@link UsageLimits}; it stops before the request or tool call that would. */
public class UsageLimitExceeded extends SteadfastException {
    public UsageLimitExceeded(String message) {
        super(message);
    }
}

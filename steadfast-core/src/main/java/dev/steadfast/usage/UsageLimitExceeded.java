package dev.steadfast.usage;

import dev.steadfast.SteadfastException;

/** A run would pass one of its {@link dev.steadfast.usage.UsageLimits}; it stops before the request or tool call that would. */
public class UsageLimitExceeded extends SteadfastException {
    public UsageLimitExceeded(String message) {
        super(message);
    }
}

/**
 * Tokens, cost and limits: {@link dev.steadfast.usage.Usage} counts requests and tokens,
 * {@link dev.steadfast.usage.Pricing} turns them into USD, and {@link dev.steadfast.usage.UsageLimits}
 * stop a run (with {@link dev.steadfast.usage.UsageLimitExceeded}) before the request that would pass them.
 */
package dev.steadfast.usage;

package dev.steadfast.run;

import java.time.Instant;

/**
 * One failed attempt of a step.
 *
 * @param attempt the attempt's number, from 1
 * @param error what it threw
 * @param failedAt when it failed
 * @param nextAttemptAt when the next attempt is due, or {@code null} when there is none
 */
public record AttemptRecord(int attempt, ErrorInfo error, Instant failedAt, Instant nextAttemptAt) {}

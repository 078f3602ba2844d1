package dev.steadfast.step;

import dev.steadfast.error.CancelledException;
import dev.steadfast.error.NonDeterminismException;
import dev.steadfast.error.StepOutcomeUnknownException;
import dev.steadfast.model.ModelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a failing step is retried: up to {@code maxAttempts} attempts, waiting
 * {@code initialInterval × backoffCoefficient^(n-1)} (at most {@code maxInterval}) before attempt
 * n+1, shortened at random by up to {@code jitter} of itself so that many clients that failed
 * together do not retry together. A rate limit's {@code Retry-After} (a wait the server asked
 * for) replaces a shorter backoff and is never jittered. Exceptions of the {@code nonRetryable}
 * types (and {@link ModelException}s that are not retryable) fail at once.
 *
 * <p>A server-directed wait longer than {@code maxServerWait} ends a <em>plain</em> run's retries
 * with an error that says so (nobody wants {@code agent.run} to block for a day on
 * {@code Retry-After: 86400}). A durable run honours any wait: it is recorded with its due time, so
 * the run survives a restart while it waits.
 *
 * <pre>{@code
 * RetryPolicy p = RetryPolicy.builder().maxAttempts(3).initialInterval(Duration.ofSeconds(5))
 *         .backoffCoefficient(2.0).nonRetryable(IllegalArgumentException.class).build();
 * }</pre>
 *
 * @param maxAttempts attempts in all, the first included (1 = no retry)
 * @param initialInterval the wait before the second attempt
 * @param backoffCoefficient how much each wait grows
 * @param maxInterval the longest wait
 * @param nonRetryable class names of exceptions (and their subclasses) that are never retried
 * @param jitter the largest random fraction taken off a computed backoff, in [0, 1]
 * @param maxServerWait the longest server-directed wait a plain run honours
 */
public record RetryPolicy(int maxAttempts, Duration initialInterval, double backoffCoefficient,
                          Duration maxInterval, List<String> nonRetryable, double jitter, Duration maxServerWait) {
    /** The default {@link #maxServerWait}: one minute, the threshold the official OpenAI and Anthropic SDKs use. */
    public static final Duration DEFAULT_MAX_SERVER_WAIT = Duration.ofSeconds(60);
    /** 3 attempts, 1 s, ×2, at most 60 s. */
    public static final RetryPolicy DEFAULT = builder().build();
    /** One attempt, no retry. */
    public static final RetryPolicy NONE = builder().maxAttempts(1).build();

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1 but was " + maxAttempts);
        }
        if (initialInterval == null || initialInterval.isNegative()) {
            throw new IllegalArgumentException("initialInterval must be >= 0 but was " + initialInterval);
        }
        if (backoffCoefficient < 1.0) {
            throw new IllegalArgumentException("backoffCoefficient must be >= 1.0 but was " + backoffCoefficient);
        }
        if (maxInterval == null || maxInterval.compareTo(initialInterval) < 0) {
            throw new IllegalArgumentException(
                    "maxInterval must be >= initialInterval (" + initialInterval + ") but was " + maxInterval);
        }
        nonRetryable = List.copyOf(nonRetryable);
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1] but was " + jitter);
        }
        if (maxServerWait == null) {
            maxServerWait = DEFAULT_MAX_SERVER_WAIT;
        }
        if (maxServerWait.isNegative()) {
            throw new IllegalArgumentException("maxServerWait must be >= 0 but was " + maxServerWait);
        }
    }

    /** A policy without jitter and with the default {@link #maxServerWait}. */
    public RetryPolicy(int maxAttempts, Duration initialInterval, double backoffCoefficient, Duration maxInterval,
                       List<String> nonRetryable) {
        this(maxAttempts, initialInterval, backoffCoefficient, maxInterval, nonRetryable, 0, DEFAULT_MAX_SERVER_WAIT);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The wait before attempt {@code failedAttempt + 1}, or empty when no further attempt may be made
     * (attempts exhausted or {@code error} not retryable).
     */
    public Optional<Duration> nextDelay(int failedAttempt, Throwable error) {
        if (failedAttempt >= maxAttempts || !isRetryable(error)) {
            return Optional.empty();
        }
        double millis = Math.min(initialInterval.toMillis() * Math.pow(backoffCoefficient, failedAttempt - 1),
                (double) maxInterval.toMillis());
        Optional<Duration> server = serverWait(error);
        if (server.isPresent() && server.get().toMillis() > millis) {
            return server;
        }
        double shortened = jitter == 0 ? millis : millis * (1 - jitter * ThreadLocalRandom.current().nextDouble());
        return Optional.of(Duration.ofMillis((long) shortened));
    }

    /** The wait the server asked for in {@code error} ({@code Retry-After} and the like), if it asked. */
    public static Optional<Duration> serverWait(Throwable error) {
        return error instanceof ModelException me ? me.retryAfter() : Optional.empty();
    }

    /**
     * Whether {@code delay}, the wait before the next attempt after {@code error}, is a server-directed
     * wait longer than a plain run honours ({@link #maxServerWait}).
     */
    public boolean exceedsServerWait(Throwable error, Duration delay) {
        return serverWait(error).filter(w -> w.equals(delay)).isPresent() && delay.compareTo(maxServerWait) > 0;
    }

    /** Whether {@code error} may be retried under this policy. */
    public boolean isRetryable(Throwable error) {
        if (error instanceof ModelException me && !me.isRetryable()) {
            return false;
        }
        if (error instanceof NonDeterminismException
                || error instanceof CancelledException
                || error instanceof StepOutcomeUnknownException) {
            return false;
        }
        for (Class<?> c = error.getClass(); c != null; c = c.getSuperclass()) {
            if (nonRetryable.contains(c.getName())) {
                return false;
            }
        }
        return true;
    }

    /** Builds a {@link RetryPolicy}. */
    public static final class Builder {
        private int maxAttempts = 3;
        private Duration initialInterval = Duration.ofSeconds(1);
        private double backoffCoefficient = 2.0;
        private Duration maxInterval = Duration.ofSeconds(60);
        private final List<String> nonRetryable = new ArrayList<>();
        private double jitter;
        private Duration maxServerWait = DEFAULT_MAX_SERVER_WAIT;

        private Builder() {}

        /** Attempts in all, the first included. Default 3. */
        public Builder maxAttempts(int v) {
            maxAttempts = v;
            return this;
        }
        /** The wait before the second attempt. Default 1 s. */
        public Builder initialInterval(Duration v) {
            initialInterval = v;
            return this;
        }
        /** How much each wait grows, >= 1. Default 2.0. */
        public Builder backoffCoefficient(double v) {
            backoffCoefficient = v;
            return this;
        }
        /** The longest wait. Default 60 s. */
        public Builder maxInterval(Duration v) {
            maxInterval = v;
            return this;
        }

        /**
         * The largest random fraction taken off each computed backoff, in [0, 1] (the official SDKs
         * use 0.25). Default 0: waits exactly as computed. Server-directed waits are never jittered.
         */
        public Builder jitter(double v) { jitter = v; return this; }
        /**
         * The longest server-directed wait ({@code Retry-After}, {@code retry-after-ms}, rate-limit
         * resets) a plain run honours; a longer one fails the call with an error that says so.
         * Durable runs honour any wait. Default {@link #DEFAULT_MAX_SERVER_WAIT} (60 s).
         */
        public Builder maxServerWait(Duration v) { maxServerWait = v; return this; }

        /** Exception types (and subtypes) that fail at once. Default none. */
        @SafeVarargs
        public final Builder nonRetryable(Class<? extends Throwable>... types) {
            for (Class<? extends Throwable> t : types) {
                nonRetryable.add(t.getName());
            }
            return this;
        }

        /** Exception class names that fail at once (for types not on this class path). */
        public Builder nonRetryable(List<String> classNames) {
            nonRetryable.addAll(classNames);
            return this;
        }

        public RetryPolicy build() {
            Duration max = maxInterval.compareTo(initialInterval) < 0 ? initialInterval : maxInterval;
            return new RetryPolicy(maxAttempts, initialInterval, backoffCoefficient, max, nonRetryable, jitter, maxServerWait);
        }
    }
}

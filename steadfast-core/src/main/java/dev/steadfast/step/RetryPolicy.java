package dev.steadfast.step;

import dev.steadfast.error.CancelledException;
import dev.steadfast.error.NonDeterminismException;
import dev.steadfast.error.StepOutcomeUnknownException;
import dev.steadfast.model.ModelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a failing step is retried: up to {@code maxAttempts} attempts, waiting
 * {@code initialInterval × backoffCoefficient^(n-1)} (at most {@code maxInterval}) before attempt
 * n+1. A rate limit's {@code Retry-After} stretches the wait. Exceptions of the
 * {@code nonRetryable} types (and {@link ModelException}s that are not retryable) fail at once.
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
 */
public record RetryPolicy(
        int maxAttempts,
        Duration initialInterval,
        double backoffCoefficient,
        Duration maxInterval,
        List<String> nonRetryable) {
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
        double millis = initialInterval.toMillis() * Math.pow(backoffCoefficient, failedAttempt - 1);
        Duration backoff = Duration.ofMillis((long) Math.min(millis, (double) maxInterval.toMillis()));
        if (error instanceof ModelException me
                && me.retryAfter().isPresent()
                && me.retryAfter().get().compareTo(backoff) > 0) {
            return me.retryAfter();
        }
        return Optional.of(backoff);
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
            return new RetryPolicy(maxAttempts, initialInterval, backoffCoefficient, max, nonRetryable);
        }
    }
}

package dev.steadfast.step;

import dev.steadfast.error.StepOutcomeUnknownException;
import java.time.Duration;
import java.util.Objects;

/**
 * How a step runs: its {@link RetryPolicy}, a timeout per attempt, and whether it may run again
 * after a crash interrupted it.
 *
 * <pre>{@code
 * StepOptions.builder().retry(RetryPolicy.builder().maxAttempts(5).build())
 *         .timeout(Duration.ofSeconds(30)).build();
 * StepOptions.builder().atMostOnce().build();   // charge a card: never twice
 * }</pre>
 *
 * @param retry the retry policy
 * @param timeout the longest one attempt may take, or {@code null} for no limit
 * @param atMostOnce when {@code true}, a step that was started but not recorded before a crash is
 *     not run again: the workflow gets {@link StepOutcomeUnknownException}
 * @param startRecorded when {@code true}, the step's start is recorded before its body runs, so it never runs a
 *     second time unless a crash interrupted it (see {@link Builder#startRecorded()})
 */
public record StepOptions(RetryPolicy retry, Duration timeout, boolean atMostOnce, boolean startRecorded) {
    /** {@link RetryPolicy#DEFAULT}, no timeout, at-least-once. */
    public static final StepOptions DEFAULT = new StepOptions(RetryPolicy.DEFAULT, null, false, false);

    /** Options whose start is recorded only on engines that always record it (see {@link Builder#startRecorded()}). */
    public StepOptions(RetryPolicy retry, Duration timeout, boolean atMostOnce) {
        this(retry, timeout, atMostOnce, false);
    }

    public StepOptions {
        retry = Objects.requireNonNullElse(retry, RetryPolicy.DEFAULT);
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive but was " + timeout);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link StepOptions}. */
    public static final class Builder {
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private Duration timeout;
        private boolean atMostOnce;
        private boolean startRecorded;

        private Builder() {}

        /** The retry policy. Default {@link RetryPolicy#DEFAULT}. */
        public Builder retry(RetryPolicy v) { retry = v; return this; }
        /** The longest one attempt may take. Default: no limit. */
        public Builder timeout(Duration v) { timeout = v; return this; }
        /** Never run this step again after a crash interrupted it. Default: off (at-least-once). */
        public Builder atMostOnce() { atMostOnce = true; return this; }

        /**
         * Record the step's start before its body runs, so that without a crash it never runs twice. The embedded
         * engine always runs a step once unless a crash interrupts it. On Temporal a plain step is a local activity,
         * which Temporal runs again, without any crash, when the workflow task that ran it times out (a cold or
         * overloaded worker, a long GC pause); with this option the step is a regular activity instead, whose start
         * the server records, at the cost of a round trip to the server per attempt. Retries still follow the
         * policy. Default: off.
         */
        public Builder startRecorded() { startRecorded = true; return this; }

        public StepOptions build() {
            return new StepOptions(retry, timeout, atMostOnce, startRecorded);
        }
    }
}

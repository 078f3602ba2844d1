package dev.steadfast.run;

/** Where one step stands. */
public enum StepStatus {
    /** Started, not yet recorded (in flight, or interrupted by a crash). */
    RUNNING,
    /** An attempt failed; the next one is due at {@link AttemptRecord#nextAttemptAt()}. */
    RETRYING,
    /** Waiting on a timer, a signal or an approval. */
    WAITING,
    /** Recorded with its output. */
    COMPLETED,
    /** Recorded with its final error (retries exhausted or not retryable). */
    FAILED
}

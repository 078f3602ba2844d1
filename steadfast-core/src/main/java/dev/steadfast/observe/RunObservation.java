package dev.steadfast.observe;

import dev.steadfast.run.RunStatus;

/**
 * One execution of one run, as a {@link RunObserver} sees it: the step attempts that run in it and how
 * it stops. Engines call {@link #stepStarted} only for attempts that actually run, never for a step
 * replayed from the journal.
 */
public interface RunObservation {
    /** Observes nothing. */
    RunObservation NOOP = new RunObservation() {
        @Override
        public boolean observes() {
            return false;
        }
    };

    /** {@code false} for {@link #NOOP}: callers skip building what nobody reads. */
    default boolean observes() {
        return true;
    }

    /** The run's trace context to store with it (a W3C {@code traceparent}), or {@code null} for none. */
    default String traceContext() {
        return null;
    }

    /** An attempt of a step starts running; the returned observation receives how it ends. */
    default StepObservation stepStarted(ObservedStep step) {
        return StepObservation.NOOP;
    }

    /**
     * This execution stops but the run goes on later (it was unloaded to wait, or its engine closed): no
     * more steps will be reported here.
     */
    default void suspended() {}

    /**
     * The run ended with {@code status} ({@code COMPLETED}, {@code FAILED} or {@code CANCELLED});
     * {@code error} is what it failed with, or {@code null}.
     */
    default void ended(RunStatus status, Throwable error) {}
}

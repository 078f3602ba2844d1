package dev.steadfast.observe;

import dev.steadfast.usage.Usage;
import java.math.BigDecimal;

/** One running attempt of one step: exactly one of its methods is called, once, unless the process dies first. */
public interface StepObservation {
    /** Observes nothing. */
    StepObservation NOOP = new StepObservation() {
        @Override
        public boolean observes() {
            return false;
        }
    };

    /** {@code false} for {@link #NOOP}: callers skip computing what nobody reads. */
    default boolean observes() {
        return true;
    }

    /**
     * The attempt returned {@code result} (a {@link dev.steadfast.message.ModelResponse} for a model step),
     * which used {@code usage} and cost {@code cost} USD (zero when unpriced).
     */
    default void finished(Object result, Usage usage, BigDecimal cost) {}

    /** The attempt failed with {@code error}; {@code retrying}: another attempt follows under the step's policy. */
    default void failed(Throwable error, boolean retrying) {}
}

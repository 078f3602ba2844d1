package dev.steadfast.workflow.spi;

import dev.steadfast.usage.Usage;
import java.math.BigDecimal;

/**
 * What a step's result cost: the tokens and the USD it used. Recorded with the step and summed
 * into the run's totals; replayed steps are not counted again.
 */
public record StepMetrics(Usage usage, BigDecimal cost) {
    public static final StepMetrics NONE = new StepMetrics(Usage.NONE, BigDecimal.ZERO);

    public StepMetrics {
        usage = usage == null ? Usage.NONE : usage;
        cost = cost == null ? BigDecimal.ZERO : cost;
    }
}

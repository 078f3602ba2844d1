package dev.steadfast.workflow.spi;

/**
 * The outcome of one of several steps run together ({@link StepExecutor#executeAll}): a value or the
 * exception the step ended with.
 */
public record StepOutcome(Object value, RuntimeException error) {
    public static StepOutcome of(Object value) {
        return new StepOutcome(value, null);
    }

    public static StepOutcome failed(RuntimeException error) {
        return new StepOutcome(null, error);
    }

    /** The value, or the error rethrown. */
    public Object getOrThrow() {
        if (error != null) {
            throw error;
        }
        return value;
    }
}

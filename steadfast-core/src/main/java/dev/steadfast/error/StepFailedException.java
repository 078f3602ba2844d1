package dev.steadfast.error;

import dev.steadfast.SteadfastException;

/**
 * A step failed for good: its retries are exhausted or its error is not retryable. Thrown into
 * workflow code, which may catch it and degrade gracefully; uncaught, the run ends
 * {@link dev.steadfast.run.RunStatus#FAILED}. On replay the same failure is thrown again, with the original
 * exception's class name and message.
 */
public class StepFailedException extends SteadfastException {
    private final String stepName;
    private final int attempts;
    private final String errorType;
    private final String errorMessage;

    public StepFailedException(String stepName, int attempts, String errorType, String errorMessage, Throwable cause) {
        super("Step '" + stepName + "' failed after " + attempts + (attempts == 1 ? " attempt: " : " attempts: ")
                + errorType + (errorMessage == null || errorMessage.isEmpty() ? "" : ": " + errorMessage), cause);
        this.stepName = stepName;
        this.attempts = attempts;
        this.errorType = errorType;
        this.errorMessage = errorMessage == null ? "" : errorMessage;
    }

    /** The step that failed. */
    public String stepName() {
        return stepName;
    }

    /** Attempts made. */
    public int attempts() {
        return attempts;
    }

    /** The class name of the exception the last attempt threw. */
    public String errorType() {
        return errorType;
    }

    /** The message of the exception the last attempt threw. */
    public String errorMessage() {
        return errorMessage;
    }

    /** Whether the original exception was of {@code type} (or a subtype, when the class is loadable). */
    public boolean isCausedBy(Class<? extends Throwable> type) {
        if (type.getName().equals(errorType)) {
            return true;
        }
        try {
            return type.isAssignableFrom(Class.forName(errorType, false, type.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}

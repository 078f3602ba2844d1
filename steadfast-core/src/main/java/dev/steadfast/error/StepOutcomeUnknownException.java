package dev.steadfast.error;

import dev.steadfast.SteadfastException;

/**
 * An {@link dev.steadfast.step.StepOptions#atMostOnce() at-most-once} step was started but its result was never
 * recorded (the process died during it). It is not run again; the workflow decides what to do
 * (check the external system, ask a human, fail).
 */
public class StepOutcomeUnknownException extends SteadfastException {
    public StepOutcomeUnknownException(String workflowId, int seq, String stepName) {
        super("Step " + seq + " '" + stepName + "' of run '" + workflowId
                + "' is at-most-once and was interrupted before its result was recorded; it was not run again.");
    }
}

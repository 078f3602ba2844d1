package dev.steadfast.error;

import dev.steadfast.SteadfastException;


/** The run was cancelled; thrown into workflow code at its next step or wait. */
public class CancelledException extends SteadfastException {
    public CancelledException(String workflowId) {
        super("Run '" + workflowId + "' was cancelled.");
    }
}

package dev.steadfast.error;

import dev.steadfast.SteadfastException;

/**
 * Workflow code asked for a different step than its journal recorded at that position: the code
 * changed under an in-flight run (use {@link dev.steadfast.workflow.WorkflowContext#patched}) or is not deterministic.
 * The run ends {@link dev.steadfast.run.RunStatus#FAILED}; its journal is kept untouched.
 */
public class NonDeterminismException extends SteadfastException {
    public NonDeterminismException(String workflowId, int seq, String recorded, String requested) {
        super("Run '" + workflowId + "' is not deterministic at step " + seq + ": the journal recorded " + recorded
                + " but the code asked for " + requested
                + ". Code that changes under running workflows must be guarded with ctx.patched(\"change-id\").");
    }
}

package dev.steadfast.error;

import dev.steadfast.SteadfastException;

/**
 * Workflow code asked for a different step than its journal recorded at that position: the code
 * changed under an in-flight run (use {@link dev.steadfast.workflow.WorkflowContext#patched}) or is not deterministic.
 * The code is at fault, not the run: on the embedded engine the run stays open
 * ({@link dev.steadfast.run.RunStatus#RUNNING}, with this error shown) and its journal untouched, and it
 * resumes when code that matches its journal is deployed.
 */
public class NonDeterminismException extends SteadfastException {
    public NonDeterminismException(String workflowId, int seq, String recorded, String requested) {
        super("Run '" + workflowId + "' is not deterministic at step " + seq + ": the journal recorded " + recorded
                + " but the code asked for " + requested
                + ". Code that changes under running workflows must be guarded with ctx.patched(\"change-id\").");
    }
}

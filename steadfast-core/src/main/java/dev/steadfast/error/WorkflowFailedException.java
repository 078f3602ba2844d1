package dev.steadfast.error;

import dev.steadfast.SteadfastException;
import dev.steadfast.run.ErrorInfo;
import dev.steadfast.run.RunStatus;

/** {@link dev.steadfast.workflow.WorkflowHandle#result} of a run that failed or was cancelled. */
public class WorkflowFailedException extends SteadfastException {
    private final String workflowId;
    private final RunStatus status;
    private final ErrorInfo error;

    public WorkflowFailedException(String workflowId, RunStatus status, ErrorInfo error) {
        super("Run '" + workflowId + "' ended " + status + (error == null ? "" : ": " + error.summary()));
        this.workflowId = workflowId;
        this.status = status;
        this.error = error;
    }

    public String workflowId() {
        return workflowId;
    }

    public RunStatus status() {
        return status;
    }

    /** The recorded error, or {@code null} for a cancelled run. */
    public ErrorInfo error() {
        return error;
    }
}

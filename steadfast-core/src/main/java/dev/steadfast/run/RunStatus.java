package dev.steadfast.run;

/** Where a run stands. */
public enum RunStatus {
    /**
     * Executing, or due to resume (after a crash, a retry backoff or a short wait); with an error in
     * {@link RunInfo#error()}, blocked until code that matches its journal is deployed.
     */
    RUNNING,
    /** Parked on a timer, a signal or an approval. */
    WAITING,
    /** Returned its output. */
    COMPLETED,
    /** Ended with an error (kept in {@link RunInfo#error()}). */
    FAILED,
    /** Cancelled by {@link dev.steadfast.workflow.WorkflowEngine#cancel}. */
    CANCELLED;

    /** Whether the run has ended. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}

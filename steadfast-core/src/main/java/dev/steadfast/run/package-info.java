/**
 * What engines tell about runs: {@link dev.steadfast.run.RunInfo} (status, timings, error, pending
 * signals and approvals, usage, cost), {@link dev.steadfast.run.StepRecord}s of a run's history with
 * their {@link dev.steadfast.run.AttemptRecord}s, {@link dev.steadfast.run.RunQuery} to list runs, and the
 * {@link dev.steadfast.run.PendingApproval} / {@link dev.steadfast.run.ApprovalDecision} pair of human
 * approvals. Values only; the engine that produces them is {@link dev.steadfast.workflow.WorkflowEngine}.
 */
package dev.steadfast.run;

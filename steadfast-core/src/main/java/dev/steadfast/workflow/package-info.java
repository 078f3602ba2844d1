/**
 * Durable workflows and the engines that run them. Implement {@link dev.steadfast.workflow.Workflow};
 * its {@link dev.steadfast.workflow.WorkflowContext} is the only door to the outside world (steps, sleeps,
 * signals, deterministic time and randomness). Start and steer runs through a
 * {@link dev.steadfast.workflow.WorkflowEngine} ({@code EmbeddedEngine} on SQLite or {@code TemporalEngine});
 * any agent runs as a workflow of its own through {@link dev.steadfast.workflow.AgentWorkflow}.
 */
package dev.steadfast.workflow;

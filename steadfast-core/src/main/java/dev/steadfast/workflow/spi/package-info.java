/**
 * The seam between the agent loop and the engines: {@link dev.steadfast.workflow.spi.StepExecutor}.
 * For engine implementers; application code uses {@link dev.steadfast.workflow.WorkflowContext}.
 */
package dev.steadfast.workflow.spi;

/**
 * Steadfast: typed AI agents whose runs survive crashes. This package holds only
 * {@link dev.steadfast.SteadfastException}, the root of every exception Steadfast throws.
 *
 * <p>Where to start: {@link dev.steadfast.agent.Agent} for an agent, {@link dev.steadfast.workflow.Workflow}
 * and {@link dev.steadfast.workflow.WorkflowEngine} for durable runs, {@link dev.steadfast.run} to
 * inspect them.
 */
package dev.steadfast;

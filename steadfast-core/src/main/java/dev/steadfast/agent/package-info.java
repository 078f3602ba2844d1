/**
 * Agents: a model, instructions, {@link dev.steadfast.agent.Tool @Tool} methods and a typed output.
 * Start with {@link dev.steadfast.agent.Agent#builder()}; a run returns an
 * {@link dev.steadfast.agent.AgentResult}. Tools receive a {@link dev.steadfast.agent.RunContext} and may
 * throw {@link dev.steadfast.agent.ModelRetry} to ask the model to fix a call; plain runs take
 * {@link dev.steadfast.agent.RunOptions} (history, limits, settings, an
 * {@link dev.steadfast.agent.ApprovalHandler}).
 *
 * <p>An agent called on a workflow thread is durable by itself; see {@link dev.steadfast.workflow}.
 */
package dev.steadfast.agent;

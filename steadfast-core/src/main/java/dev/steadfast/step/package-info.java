/**
 * How one durable step runs: {@link dev.steadfast.step.StepOptions} (retry policy, timeout,
 * at-most-once), {@link dev.steadfast.step.RetryPolicy}, {@link dev.steadfast.step.TypeRef} for generic
 * results, and {@link dev.steadfast.step.StepContext} for the idempotency key inside a step body. Used by
 * workflow code ({@code ctx.step(...)}) and by agents for their model requests and tool calls.
 */
package dev.steadfast.step;

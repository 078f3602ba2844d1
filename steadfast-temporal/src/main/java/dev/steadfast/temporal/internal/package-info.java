/**
 * The machinery of the Temporal engine: the dynamic workflow and activity, the workflow context
 * backed by Temporal's Workflow APIs, history decoding. No compatibility promise: use
 * {@link dev.steadfast.temporal.TemporalEngine}.
 */
package dev.steadfast.temporal.internal;

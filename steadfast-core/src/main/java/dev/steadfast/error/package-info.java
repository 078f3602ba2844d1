/**
 * The exceptions of durable runs, all {@link dev.steadfast.SteadfastException}s: a step whose retries
 * ran out ({@link dev.steadfast.error.StepFailedException}, which workflow code may catch and degrade
 * gracefully), a run that failed ({@link dev.steadfast.error.WorkflowFailedException}), code that no longer
 * matches its journal ({@link dev.steadfast.error.NonDeterminismException}), a cancelled run, an unknown
 * run, an at-most-once step whose outcome is unknown, and a model that kept breaking the rules
 * ({@link dev.steadfast.error.UnexpectedModelBehavior}). Model failures live in {@link dev.steadfast.model}.
 */
package dev.steadfast.error;

/**
 * The embedded durable engine: one process, one SQLite file, zero infrastructure. Start with
 * {@link dev.steadfast.engine.EmbeddedEngine#builder()}; the engine it builds is a
 * {@link dev.steadfast.workflow.WorkflowEngine}.
 */
package dev.steadfast.engine;

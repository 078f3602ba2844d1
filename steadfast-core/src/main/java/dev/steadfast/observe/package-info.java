/**
 * What Steadfast reports about the work it executes, for telemetry: runs started, resumed, left and
 * ended, and each attempt of each step (a model request, a tool call, a workflow step) that actually
 * ran. A {@link dev.steadfast.observe.RunObserver} installed with
 * {@link dev.steadfast.observe.RunObservers#install} sees plain agent runs and the runs of every
 * engine in the process; {@code steadfast-opentelemetry} turns these reports into OpenTelemetry
 * spans and metrics.
 *
 * <p><b>Replay is not work.</b> A durable run executes its code again from the top after an unload, a
 * crash or a restart, and every step it had recorded returns its recorded result without running.
 * Engines report only attempts that run, never a replayed step, so an observer counts each token, each
 * cost and each attempt exactly once, however often a run is replayed. An attempt cut short by a crash
 * is never reported finished; its next attempt, after the restart, is.
 *
 * <p><b>One trace per run.</b> When a durable run starts, the observer may return a trace context
 * ({@link dev.steadfast.observe.RunObservation#traceContext()}, a W3C {@code traceparent}); the engine
 * stores it with the run and hands it back with every later execution of the run
 * ({@link dev.steadfast.observe.RunObserver#runResumed}), in this process or another, so all of a run's
 * work can belong to one trace.
 */
package dev.steadfast.observe;

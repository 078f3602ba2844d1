package dev.steadfast.observe;

/**
 * Receives what Steadfast executes: each run's start (or resumption) returns a {@link RunObservation},
 * which then receives that run's step attempts and its end. Implementations must be thread-safe and
 * quick: they are called on the run's own threads, between a step's attempts. An exception an
 * observer throws is logged and otherwise ignored; it never fails a run.
 *
 * <p>Install one for the whole process (plain agent runs and every engine's runs):
 *
 * <pre>{@code
 * RunObservers.install(new RunObserver() {
 *     public RunObservation runStarted(ObservedRun run) { ... }
 *     public RunObservation runResumed(ObservedRun run, String traceContext) { ... }
 * });
 * }</pre>
 *
 * See the <a href="package-summary.html">package documentation</a> for what is (and is never) reported.
 */
public interface RunObserver {
    /**
     * A run starts: a plain agent run on the caller's thread, or a durable run on the thread that calls
     * the engine's {@code start} (so an implementation may parent the run on the caller's current span).
     * The returned observation's {@link RunObservation#traceContext()} is stored with a durable run.
     */
    RunObservation runStarted(ObservedRun run);

    /**
     * Another execution of a durable run that started earlier (after an unload, a crash, a restart, or on
     * another worker), with the trace context its start returned ({@code null} when it returned none, or
     * the run started before an observer was installed).
     */
    RunObservation runResumed(ObservedRun run, String traceContext);
}

package dev.steadfast.agent.internal;

import dev.steadfast.observe.ObservedRun;
import dev.steadfast.observe.RunObservation;
import dev.steadfast.observe.RunObservers;
import dev.steadfast.run.RunStatus;
import java.util.function.Supplier;

/**
 * Reports a plain (non-durable) agent run to the installed {@link dev.steadfast.observe.RunObserver}: its
 * start on the caller's thread, each attempt through its {@link PlainStepExecutor}, and its end. A durable
 * run is its engine's to report.
 */
final class PlainRuns {
    private PlainRuns() {}

    static <R> R observed(PlainStepExecutor executor, String runId, String agent, Supplier<R> body) {
        RunObservation run = RunObservers.installed().runStarted(new ObservedRun(runId, agent, true, false));
        if (!run.observes()) {
            return body.get();
        }
        executor.observe(run);
        R result;
        try {
            result = body.get();
        } catch (RuntimeException | Error e) {
            run.ended(RunStatus.FAILED, e);
            throw e;
        }
        run.ended(RunStatus.COMPLETED, null);
        return result;
    }
}

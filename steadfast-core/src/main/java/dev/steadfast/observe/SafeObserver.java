package dev.steadfast.observe;

import dev.steadfast.run.RunStatus;
import dev.steadfast.usage.Usage;
import java.math.BigDecimal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wraps an installed observer so that nothing it throws reaches a run: telemetry never fails work. */
final class SafeObserver implements RunObserver {
    private static final Logger LOG = LoggerFactory.getLogger(RunObservers.class);

    private final RunObserver delegate;

    SafeObserver(RunObserver delegate) {
        this.delegate = delegate;
    }

    @Override
    public RunObservation runStarted(ObservedRun run) {
        try {
            return wrap(delegate.runStarted(run));
        } catch (RuntimeException e) {
            return failed(e);
        }
    }

    @Override
    public RunObservation runResumed(ObservedRun run, String traceContext) {
        try {
            return wrap(delegate.runResumed(run, traceContext));
        } catch (RuntimeException e) {
            return failed(e);
        }
    }

    private static RunObservation failed(RuntimeException e) {
        LOG.warn("The installed RunObserver failed; this run is not observed", e);
        return RunObservation.NOOP;
    }

    private static RunObservation wrap(RunObservation run) {
        return run == null || !run.observes() ? RunObservation.NOOP : new SafeRun(run);
    }

    private record SafeRun(RunObservation delegate) implements RunObservation {
        @Override
        public String traceContext() {
            try {
                return delegate.traceContext();
            } catch (RuntimeException e) {
                LOG.warn("The installed RunObserver failed", e);
                return null;
            }
        }

        @Override
        public StepObservation stepStarted(ObservedStep step) {
            try {
                StepObservation s = delegate.stepStarted(step);
                return s == null || !s.observes() ? StepObservation.NOOP : new SafeStep(s);
            } catch (RuntimeException e) {
                LOG.warn("The installed RunObserver failed on step '{}'", step.name(), e);
                return StepObservation.NOOP;
            }
        }

        @Override
        public void suspended() {
            try {
                delegate.suspended();
            } catch (RuntimeException e) {
                LOG.warn("The installed RunObserver failed", e);
            }
        }

        @Override
        public void ended(RunStatus status, Throwable error) {
            try {
                delegate.ended(status, error);
            } catch (RuntimeException e) {
                LOG.warn("The installed RunObserver failed", e);
            }
        }
    }

    private record SafeStep(StepObservation delegate) implements StepObservation {
        @Override
        public void finished(Object result, Usage usage, BigDecimal cost) {
            try {
                delegate.finished(result, usage, cost);
            } catch (RuntimeException e) {
                LOG.warn("The installed RunObserver failed", e);
            }
        }

        @Override
        public void failed(Throwable error, boolean retrying) {
            try {
                delegate.failed(error, retrying);
            } catch (RuntimeException e) {
                LOG.warn("The installed RunObserver failed", e);
            }
        }
    }
}

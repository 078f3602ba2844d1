package dev.steadfast.agent.internal;

import dev.steadfast.SteadfastException;
import dev.steadfast.model.ModelException;
import dev.steadfast.observe.ObservedStep;
import dev.steadfast.observe.RunObservation;
import dev.steadfast.observe.StepObservation;
import dev.steadfast.run.ApprovalDecision;
import dev.steadfast.run.PendingApproval;
import dev.steadfast.step.RetryPolicy;
import dev.steadfast.workflow.spi.StepCall;
import dev.steadfast.workflow.spi.StepExecutor;
import dev.steadfast.workflow.spi.StepMetrics;
import dev.steadfast.workflow.spi.StepOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Executes a plain (non-durable) run's calls directly: with the step's retry policy and timeout,
 * nothing recorded. Exhausted retries rethrow the last error itself.
 */
public final class PlainStepExecutor implements StepExecutor {
    private final Clock clock;
    private final Function<PendingApproval, ApprovalDecision> approvals;
    private volatile RunObservation observation = RunObservation.NOOP;

    public PlainStepExecutor(Clock clock, Function<PendingApproval, ApprovalDecision> approvals) {
        this.clock = clock;
        this.approvals = approvals;
    }

    /** Reports this run's attempts to {@code run} from now on. */
    void observe(RunObservation run) {
        observation = run;
    }

    @Override
    public <T> T execute(StepCall<T> call) {
        for (int attempt = 1; ; attempt++) {
            StepObservation observed = !observation.observes()
                    ? StepObservation.NOOP
                    : observation.stepStarted(new ObservedStep(call.name(), call.kind(), attempt, call.details()));
            try {
                T result = attempt(call);
                if (observed.observes()) {
                    StepMetrics m = call.metrics().apply(result);
                    observed.finished(result, m.usage(), m.cost());
                }
                return result;
            } catch (RuntimeException e) {
                RetryPolicy policy = call.options().retry();
                Optional<Duration> delay = policy.nextDelay(attempt, e);
                observed.failed(e, delay.isPresent() && !policy.exceedsServerWait(e, delay.get()));
                if (delay.isEmpty()) {
                    throw e;
                }
                if (policy.exceedsServerWait(e, delay.get())) {
                    throw new ModelException(
                            e.getMessage() + " — the server asked to wait "
                                    + delay.get().toSeconds()
                                    + " s before retrying, longer than a plain run waits (RetryPolicy.maxServerWait = "
                                    + policy.maxServerWait().toSeconds()
                                    + " s). Raise maxServerWait in the agent's modelRetryPolicy, "
                                    + "or run the agent durably, where a long wait is recorded and survives restarts",
                            false,
                            null,
                            e);
                }
                sleep(delay.get());
            }
        }
    }

    private static <T> T attempt(StepCall<T> call) {
        Duration timeout = call.options().timeout();
        if (timeout == null) {
            return callBody(call);
        }
        try (ExecutorService one = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<T> f = one.submit(() -> callBody(call));
            try {
                return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                throw new SteadfastException("Step '" + call.name() + "' timed out after " + timeout);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re
                        ? re
                        : new SteadfastException(e.getCause().toString(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SteadfastException("Interrupted while running step '" + call.name() + "'", e);
            }
        }
    }

    private static <T> T callBody(StepCall<T> call) {
        try {
            return call.body().call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new SteadfastException("Step '" + call.name() + "' failed: " + e, e);
        }
    }

    @Override
    public List<StepOutcome> executeAll(List<? extends StepCall<?>> calls) {
        if (calls.size() < 2) {
            return StepExecutor.super.executeAll(calls);
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<?>>();
            for (StepCall<?> call : calls) {
                futures.add(pool.submit(() -> execute(call)));
            }
            var outcomes = new ArrayList<StepOutcome>();
            for (Future<?> f : futures) {
                try {
                    outcomes.add(StepOutcome.of(f.get()));
                } catch (ExecutionException e) {
                    outcomes.add(StepOutcome.failed(
                            e.getCause() instanceof RuntimeException re
                                    ? re
                                    : new SteadfastException(e.getCause().toString(), e.getCause())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SteadfastException("Interrupted while running tool calls", e);
                }
            }
            return outcomes;
        }
    }

    @Override
    public ApprovalDecision awaitApproval(PendingApproval pending) {
        return approvals.apply(pending);
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public String newId() {
        return UUID.randomUUID().toString();
    }

    @Override
    public boolean isReplaying() {
        return false;
    }

    @Override
    public boolean isDurable() {
        return false;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SteadfastException("Interrupted while waiting to retry", e);
        }
    }
}

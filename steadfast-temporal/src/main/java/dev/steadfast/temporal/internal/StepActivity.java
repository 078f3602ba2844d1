package dev.steadfast.temporal.internal;

import dev.steadfast.error.PayloadTooLargeException;
import dev.steadfast.observe.StepObservation;
import dev.steadfast.run.AttemptRecord;
import dev.steadfast.run.ErrorInfo;
import dev.steadfast.step.RetryPolicy;
import dev.steadfast.step.StepContext;
import dev.steadfast.workflow.spi.StepMetrics;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.activity.DynamicActivity;
import io.temporal.common.converter.EncodedValues;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The one activity implementation: runs any step (a local activity for {@code ctx.step}, a regular
 * one for agent model/tool calls) by finding its body through {@link StepHandlers}. Decides
 * retryability itself from the step's {@link RetryPolicy} (so subclasses of non-retryable types
 * count, and a rate limit's {@code Retry-After} becomes the next retry delay), and reports the
 * original exception's class name as the failure type.
 */
public final class StepActivity implements DynamicActivity {
    /** Failed attempts of steps still being retried in this process, by run and step; recorded with the result. */
    private static final Map<String, List<AttemptRecord>> FAILED_ATTEMPTS = new ConcurrentHashMap<>();

    private static final ScheduledExecutorService HEARTBEATS = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("steadfast-heartbeats").factory());

    private final StepHandlers handlers;
    private final WorkerSettings settings;

    private final BooleanSupplier running;

    public StepActivity(StepHandlers handlers, WorkerSettings settings, BooleanSupplier running) {
        this.handlers = handlers;
        this.settings = settings;
        this.running = running;
    }

    @Override
    public Object execute(EncodedValues args) {
        Wire.StepInput input = args.get(0, Wire.StepInput.class);
        ActivityInfo info = Activity.getExecutionContext().getInfo();
        int attempt = info.getAttempt();
        StepBodies.Body body = handlers.resolve(input, info.isLocal())
                .orElseThrow(() -> ApplicationFailure.newFailure(
                        "No body for step " + input.seq() + " '" + input.name() + "' in this worker (key " + input.key()
                                + "): it was scheduled for an engine whose step bodies this one does not have; an engine that"
                                + " registers an agent runs its calls by name on any worker",
                        "dev.steadfast.SteadfastException",
                        attempt));
        Wire.StepValue value;
        var step = new StepContext(info.getWorkflowId(), input.seq(), input.name(), attempt);
        ScheduledFuture<?> heartbeats =
                info.isLocal() || info.getHeartbeatTimeout().isZero()
                        ? null
                        : heartbeat(Activity.getExecutionContext(), info.getHeartbeatTimeout(), attempt);
        StepObservation observed = TemporalTraces.attempt(info, input, body.details());
        try {
            value = StepContext.callWith(step, body.call());
        } catch (Exception thrown) {
            StepMetrics spent = thrown instanceof Steps.SpentFailure s ? s.metrics() : null;
            Exception e = thrown instanceof Steps.SpentFailure s ? s.failure() : thrown;
            // Temporal keeps at most an activity's last failure: the worker records each one and hands the list
            // over with the step's final outcome.
            String key = info.getWorkflowId() + "/" + input.key();
            Optional<Duration> next = body.options().retry().nextDelay(attempt, e);
            Instant now = Instant.now();
            var record = new AttemptRecord(
                    attempt,
                    new ErrorInfo(e.getClass().getName(), e.getMessage(), null),
                    now,
                    next.map(now::plus).orElse(null));
            List<AttemptRecord> failed = FAILED_ATTEMPTS.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
            failed.add(record);
            if (next.isEmpty()) {
                FAILED_ATTEMPTS.remove(key);
            }
            if (running.getAsBoolean()) { // an attempt cut short by the engine's close is not a failed attempt
                observed.failed(e, next.isPresent());
            }
            throw failure(e, attempt, next, next.isEmpty() ? failed : List.of(), spent);
        } catch (Error e) {
            if (running.getAsBoolean()) {
                observed.failed(e, false);
            }
            // Workflow.* called inside a step lambda lands here: it can never succeed.
            throw ApplicationFailure.newBuilder()
                    .setType(e.getClass().getName())
                    .setMessage("Step '" + input.name() + "' threw " + e
                            + " (a step body must not call workflow APIs such as ctx.* or Workflow.*)")
                    .setDetails(attempt)
                    .setNonRetryable(true)
                    .build();
        } finally {
            if (heartbeats != null) {
                heartbeats.cancel(false);
            }
        }
        List<AttemptRecord> failed = FAILED_ATTEMPTS.remove(info.getWorkflowId() + "/" + input.key());
        var result =
                new Wire.StepResult(input.seq(), input.kind(), input.name(), value.value(), value.metrics(), failed);
        try {
            settings.checkSize(result, "The result of step " + input.seq() + " '" + input.name() + "'");
        } catch (PayloadTooLargeException e) {
            throw ApplicationFailure.newBuilder()
                    .setType(e.getClass().getName())
                    .setMessage(e.getMessage())
                    .setDetails(attempt)
                    .setNonRetryable(true)
                    .build();
        }
        TemporalTraces.finished(observed, input, value);
        return result;
    }

    /** Heartbeats a long step while its body runs, so a worker that died is noticed within the heartbeat timeout. */
    private ScheduledFuture<?> heartbeat(ActivityExecutionContext context, Duration timeout, int attempt) {
        long every = Math.max(100, timeout.toMillis() / 3);
        return HEARTBEATS.scheduleAtFixedRate(
                () -> {
                    if (running.getAsBoolean()) {
                        try {
                            context.heartbeat(attempt);
                        } catch (RuntimeException cancelledOrGone) {
                            // the activity is over for Temporal; the body's outcome will be refused
                        }
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
    }

    /** {@code spent}: what the step used and cost although it failed, as a third detail ({@code null}: none). */
    static ApplicationFailure failure(
            Exception e, int attempt, Optional<Duration> next, List<AttemptRecord> failed, StepMetrics spent) {
        Object[] details = spent == null
                ? new Object[] {attempt, failed.toArray(AttemptRecord[]::new)}
                : new Object[] {attempt, failed.toArray(AttemptRecord[]::new), spent};
        var b = ApplicationFailure.newBuilder()
                .setType(e.getClass().getName())
                .setMessage(e.getMessage() == null ? "" : e.getMessage())
                .setDetails(details)
                .setNonRetryable(next.isEmpty());
        // Our policy computes the backoff (Retry-After included), so both engines wait the same.
        next.filter(d -> !d.isZero()).ifPresent(b::setNextRetryDelay);
        ApplicationFailure f = b.build();
        f.setStackTrace(e.getStackTrace());
        return f;
    }
}

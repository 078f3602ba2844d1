package dev.steadfast.temporal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.SteadfastException;
import dev.steadfast.error.CancelledException;
import dev.steadfast.error.NonDeterminismException;
import dev.steadfast.error.StepFailedException;
import dev.steadfast.error.StepOutcomeUnknownException;
import dev.steadfast.run.StepKind;
import dev.steadfast.step.RetryPolicy;
import dev.steadfast.step.StepOptions;
import dev.steadfast.workflow.spi.StepMetrics;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.unsafe.WorkflowUnsafe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Runs steps as activities from workflow code: {@code ctx.step} as a local activity followed by a
 * 1 ms checkpoint timer (local-activity results are persisted only when the workflow task
 * completes, so without it a crash would re-run every step since the last completion), agent
 * model/tool calls as regular activities named by the step. Failures come back as the
 * engine-neutral exceptions.
 */
final class Steps {
    /** A step with no timeout still needs one on Temporal; a day stands for "no limit". */
    static final Duration NO_TIMEOUT = Duration.ofDays(1);

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Steps.class);
    private static final Duration CHECKPOINT = Duration.ofMillis(1);
    private static final TimerOptions CHECKPOINT_TIMER =
            TimerOptions.newBuilder().setSummary(Wire.CHECKPOINT_SUMMARY).build();

    private final String workflowId;
    private final String runId;
    private final WorkerSettings settings;
    private final Continuation journal;
    private boolean historyWarned;

    Steps(String workflowId, String runId, WorkerSettings settings, Continuation journal) {
        this.workflowId = workflowId;
        this.runId = runId;
        this.settings = settings;
        this.journal = journal;
    }

    /** A step started: waiting for it returns its recorded value, or throws its final error. */
    interface Started {
        JsonNode await();
    }

    /** One step in flight: its activity's promise and how to finish it. */
    final class Pending implements Started {
        private final Wire.StepInput input;
        private final StepOptions options;
        private final StepBodies.Body body;
        private Promise<Wire.StepResult> promise;
        private final boolean local;

        private Pending(
                Wire.StepInput input,
                StepOptions options,
                StepBodies.Body body,
                Promise<Wire.StepResult> promise,
                boolean local) {
            this.input = input;
            this.options = options;
            this.body = body;
            this.promise = promise;
            this.local = local;
        }

        /** Waits for the step and returns its recorded value, or throws its final error. */
        @Override
        public JsonNode await() {
            try {
                Wire.StepResult r = result();
                // The checkpoint first: during replay the history has its timer next, and only after it may
                // the run fail (a command that differs from the recorded one would fail the task instead).
                checkpoint();
                if (!r.name().equals(input.name()) || r.kind() != input.kind()) {
                    var e = new NonDeterminismException(
                            workflowId,
                            input.seq(),
                            r.kind() + " '" + r.name() + "'",
                            input.kind() + " '" + input.name() + "'");
                    // Not the replay-safe logger: if the history has more steps after this one, Temporal fails
                    // the workflow task (and retries it) instead of the run, and this line says why.
                    LOG.error(e.getMessage());
                    // Fail only once replay is over: completing the run amid recorded events is itself a mismatch.
                    Workflow.await(() -> !WorkflowUnsafe.isReplaying());
                    throw e;
                }
                journal.completed(input.seq(), input.kind(), input.name(), r.value(), false);
                journal.spent(r.metrics());
                return r.value();
            } catch (ActivityFailure f) {
                journal.spent(spentBy(f));
                RuntimeException e = convert(f);
                if (!(e instanceof CancelledException)) {
                    checkpoint();
                    journal.failed(input.seq(), input.kind(), input.name(), e);
                }
                throw e;
            } catch (CanceledFailure c) {
                throw new CancelledException(workflowId);
            } finally {
                // Only once the step is over. The SDK ends an evicted workflow's thread with an Error thrown from
                // promise.get() while the activity may still wait for a worker: its body stays (a replay
                // re-registers it under the same key).
                if (promise.isCompleted() && body != null) {
                    settings.bodies().unregister(input.key(), body);
                }
            }
        }

        /**
         * The activity's result. A call whose body only the scheduling engine has waits on that engine's own queue;
         * when no one took it from there in time (that worker died, and this is another one replaying the run), it
         * is scheduled again, on this engine's queue, where its body now is. It never started, so it runs once.
         */
        private Wire.StepResult result() {
            while (true) {
                try {
                    return promise.get();
                } catch (ActivityFailure f) {
                    if (!(f.getCause() instanceof TimeoutFailure t)
                            || t.getTimeoutType() != TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START
                            || local
                            || options.atMostOnce()) {
                        throw f;
                    }
                    promise = Workflow.newUntypedActivityStub(activityOptions(options, input.kind(), input.name()))
                            .executeAsync(input.name(), Wire.StepResult.class, input);
                }
            }
        }

        private void checkpoint() {
            if (local) {
                Workflow.newTimer(CHECKPOINT, CHECKPOINT_TIMER).get();
            }
        }

        private RuntimeException convert(ActivityFailure f) {
            Throwable cause = f.getCause();
            String name = input.name();
            if (cause instanceof ApplicationFailure af) {
                if (StepOutcomeUnknownException.class.getName().equals(af.getType())) {
                    return new StepOutcomeUnknownException(workflowId, input.seq(), name);
                }
                int attempts = af.getDetails().getSize() > 0 ? af.getDetails().get(0, Integer.class) : 1;
                return new StepFailedException(name, attempts, af.getType(), af.getOriginalMessage(), f);
            }
            if (cause instanceof TimeoutFailure && options.atMostOnce()) {
                // The attempt started (or was due) on a worker that stopped answering: it may or may not have acted.
                return new StepOutcomeUnknownException(workflowId, input.seq(), name);
            }
            if (cause instanceof TimeoutFailure) {
                String limit = options.timeout() == null ? "" : " after " + options.timeout();
                return new StepFailedException(
                        name,
                        options.retry().maxAttempts(),
                        java.util.concurrent.TimeoutException.class.getName(),
                        "Step '" + name + "' timed out" + limit,
                        f);
            }
            if (cause instanceof CanceledFailure) {
                return new CancelledException(workflowId);
            }
            return new StepFailedException(
                    name,
                    1,
                    cause == null ? f.getClass().getName() : cause.getClass().getName(),
                    cause == null ? f.getMessage() : cause.getMessage(),
                    f);
        }
    }

    /**
     * A step body's failure with what the step used and cost all the same (a child run that failed after using
     * tokens): {@link StepActivity} reports the cause as the step's failure, with the metrics as its third detail,
     * which the history decoder and the run's totals count.
     */
    static final class SpentFailure extends RuntimeException {
        private final RuntimeException failure;
        private final transient StepMetrics metrics;

        SpentFailure(RuntimeException failure, StepMetrics metrics) {
            super(failure);
            this.failure = failure;
            this.metrics = metrics;
        }

        RuntimeException failure() {
            return failure;
        }

        StepMetrics metrics() {
            return metrics;
        }
    }

    /** What a failed step used and cost, as its failure's third detail carries it ({@link SpentFailure}), or null. */
    private static StepMetrics spentBy(ActivityFailure f) {
        return f.getCause() instanceof ApplicationFailure af && af.getDetails().getSize() > 2
                ? af.getDetails().get(2, StepMetrics.class)
                : null;
    }

    /** Step {@code seq} as an earlier execution of the run recorded it: {@code value}, with no activity. */
    Pending carried(int seq, StepKind kind, String name, JsonNode input, JsonNode value) {
        var stepInput = new Wire.StepInput(StepBodies.key(runId, seq), seq, kind, name, input);
        io.temporal.workflow.CompletablePromise<Wire.StepResult> done = Workflow.newPromise();
        done.complete(new Wire.StepResult(seq, kind, name, value, null, null));
        return new Pending(stepInput, StepOptions.DEFAULT, null, done, false);
    }

    /** Schedules step {@code seq}; the returned {@link Pending} waits for it. */
    <T> Pending start(
            int seq,
            StepKind kind,
            String name,
            JsonNode input,
            Wire.ConversationRef conversation,
            StepOptions options,
            Callable<T> body,
            Function<? super T, StepMetrics> metrics,
            boolean local) {
        if (CancellationScope.current().isCancelRequested()) {
            throw new CancelledException(workflowId);
        }
        checkHistory(name);
        var stepInput = new Wire.StepInput(StepBodies.key(runId, seq), seq, kind, name, input, conversation);
        // Temporal would refuse the workflow task that schedules it, and retry that task forever.
        settings.checkSize(stepInput, "The input of step " + seq + " '" + name + "'");
        String key = stepInput.key();
        StepBodies.Body registered = settings.bodies()
                .register(
                        key,
                        () -> {
                            T value = body.call();
                            return new Wire.StepValue(
                                    Wire.toJson(value), metrics == null ? null : metrics.apply(value));
                        },
                        options);
        try {
            Promise<Wire.StepResult> promise = options.atMostOnce()
                    ? Workflow.newUntypedActivityStub(atMostOnceOptions(options, name))
                            .executeAsync(name, Wire.StepResult.class, stepInput)
                    : local && !options.startRecorded()
                            ? Workflow.newUntypedLocalActivityStub(localOptions(options))
                                    .executeAsync(name, Wire.StepResult.class, stepInput)
                            : Workflow.newUntypedActivityStub(activityOptions(options, kind, name))
                                    .executeAsync(name, Wire.StepResult.class, stepInput);
            return new Pending(
                    stepInput,
                    options,
                    registered,
                    promise,
                    local && !options.atMostOnce() && !options.startRecorded());
        } catch (CanceledFailure c) {
            settings.bodies().unregister(key, registered);
            throw new CancelledException(workflowId);
        }
    }

    /**
     * Warns once when the run's history nears the server's limits, and fails the run before the server would
     * terminate it. Replay-safe: the history's length at a given point of a replay is what it was then.
     */
    private void checkHistory(String name) {
        var info = Workflow.getInfo();
        long events = info.getHistoryLength();
        long bytes = info.getHistorySize();
        String where = "Run '" + workflowId + "' has " + events + " events and " + bytes
                + " bytes of Temporal history (the"
                + " server terminates a run past " + settings.historyEvents() + " events or " + settings.historyBytes()
                + " bytes)";
        if (events >= settings.historyEvents() * 98 / 100 || bytes >= settings.historyBytes() * 98 / 100) {
            throw new SteadfastException(where + "; it stops before step '" + name + "' instead. Split the work into"
                    + " runs that each do part of it (start the next with what this one produced), or raise the"
                    + " server's limits and the engine's historyLimits(..).");
        }
        if (!historyWarned
                && (events >= settings.historyEvents() * 8 / 10 || bytes >= settings.historyBytes() * 8 / 10)) {
            historyWarned = true;
            Workflow.getLogger(Steps.class).warn(where + ": it will fail at 98% of either.");
        }
    }

    /** Starts every step first (in list order, so they are numbered deterministically), then waits for each. */
    static List<Object> awaitAll(List<? extends Started> pending) {
        var out = new ArrayList<Object>(pending.size());
        for (Started p : pending) {
            try {
                out.add(p.await());
            } catch (RuntimeException e) {
                out.add(e);
            }
        }
        return out;
    }

    private static LocalActivityOptions localOptions(StepOptions options) {
        return LocalActivityOptions.newBuilder()
                .setStartToCloseTimeout(options.timeout() == null ? NO_TIMEOUT : options.timeout())
                .setRetryOptions(retryOptions(options.retry()))
                .build();
    }

    /**
     * One attempt, on the queue of the process that registered the body, heartbeating: a worker that dies
     * mid-step is noticed by its missing heartbeats, and the step ends as outcome-unknown, never run twice.
     */
    private ActivityOptions atMostOnceOptions(StepOptions options, String name) {
        return ActivityOptions.newBuilder()
                .setTaskQueue(settings.processQueue())
                .setStartToCloseTimeout(options.timeout() == null ? NO_TIMEOUT : options.timeout())
                .setScheduleToStartTimeout(settings.heartbeat())
                .setHeartbeatTimeout(settings.heartbeat())
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .setSummary(name)
                .build();
    }

    /**
     * A step as a regular activity. An agent's model or tool call goes to the agent's queue when the agent is
     * registered with the engine (any worker that registered it may run it); the rest (other agents' calls, steps
     * whose start is recorded) to this engine's own queue, where its body is. From there, a step no one takes within
     * the heartbeat timeout (the engine died) is scheduled again by the worker that replays the run.
     */
    private ActivityOptions activityOptions(StepOptions options, StepKind kind, String name) {
        Duration timeout = options.timeout() == null ? NO_TIMEOUT : options.timeout();
        String queue =
                kind == StepKind.MODEL || kind == StepKind.TOOL ? settings.queueOf(name) : settings.processQueue();
        var b = ActivityOptions.newBuilder();
        if (queue.equals(settings.processQueue())) {
            b.setScheduleToStartTimeout(settings.heartbeat());
        }
        return b.setTaskQueue(queue)
                .setStartToCloseTimeout(timeout)
                // the worker heartbeats while a tool call or model request runs: a dead worker's call is retried
                // after the heartbeat timeout, not after the call's whole timeout
                .setHeartbeatTimeout(timeout.compareTo(settings.heartbeat()) < 0 ? timeout : settings.heartbeat())
                .setRetryOptions(retryOptions(options.retry()))
                .setSummary(name)
                .build();
    }

    /**
     * The policy's attempts and backoff as Temporal's. Retryability itself is decided in
     * {@link StepActivity} (it sees subclasses and Retry-After); {@code doNotRetry} repeats the
     * non-retryable names for failures that do not pass through it.
     */
    static RetryOptions retryOptions(RetryPolicy p) {
        Duration initial = p.initialInterval().isZero() ? Duration.ofMillis(1) : p.initialInterval();
        Duration max = p.maxInterval().compareTo(initial) < 0 ? initial : p.maxInterval();
        var doNotRetry = new ArrayList<>(p.nonRetryable());
        doNotRetry.add(CancelledException.class.getName());
        doNotRetry.add(NonDeterminismException.class.getName());
        doNotRetry.add(StepOutcomeUnknownException.class.getName());
        return RetryOptions.newBuilder()
                .setMaximumAttempts(p.maxAttempts())
                .setInitialInterval(initial)
                .setBackoffCoefficient(p.backoffCoefficient())
                .setMaximumInterval(max)
                .setDoNotRetry(doNotRetry.toArray(String[]::new))
                .build();
    }
}

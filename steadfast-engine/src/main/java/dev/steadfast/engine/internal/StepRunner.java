package dev.steadfast.engine.internal;

import dev.steadfast.error.PayloadException;
import dev.steadfast.error.RecordedValueMismatchException;
import dev.steadfast.error.StepFailedException;
import dev.steadfast.error.StepOutcomeUnknownException;
import dev.steadfast.observe.ObservedStep;
import dev.steadfast.observe.StepObservation;
import dev.steadfast.run.AttemptRecord;
import dev.steadfast.run.ErrorInfo;
import dev.steadfast.run.StepKind;
import dev.steadfast.run.StepStatus;
import dev.steadfast.step.StepContext;
import dev.steadfast.workflow.spi.Failures;
import dev.steadfast.workflow.spi.StepCall;
import dev.steadfast.workflow.spi.StepMetrics;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one step: returns or rethrows its recorded outcome when the journal has one, else makes
 * attempts per its retry policy, recording each failure (with when the next attempt is due, so a
 * crash in the backoff resumes the wait instead of restarting the count) and finally the result.
 * The result is handed back only after its record is durable.
 */
final class StepRunner {
    private final EngineRuntime rt;
    private final Waits waits;

    StepRunner(EngineRuntime rt, Waits waits) {
        this.rt = rt;
        this.waits = waits;
    }

    <T> T execute(RunState st, int seq, StepCall<T> call) {
        st.checkFatal();
        StepContext.current().ifPresent(outer -> {
            throw new IllegalStateException("Step '" + call.name() + "' was called inside the body of step '"
                    + outer.stepName() + "'; steps cannot be nested. Call it from workflow code instead.");
        });
        StepRow rec = st.recorded(seq);
        if (rec == null) {
            return live(st, seq, call, 1, new ArrayList<>(), null, rt.now());
        }
        st.match(seq, rec, call.name(), call.kind());
        if (!rec.isFinal()) {
            st.atLiveEntry();
        }
        int attempt = 1;
        List<AttemptRecord> failed = new ArrayList<>();
        Long nextAt = null;
        switch (rec.status()) {
            case COMPLETED -> {
                try {
                    return rt.codec.decodeRecorded(
                            rec.output(), call.resultType().type(), st.runId, seq, call.name());
                } catch (RecordedValueMismatchException e) {
                    throw st.mismatch(e);
                }
            }
            case FAILED -> throw st.replayedFailure(rec, rt.codec.error(rec.error()));
            case RUNNING -> {
                if (call.options().atMostOnce()) {
                    throw outcomeUnknown(st, rec);
                }
                attempt = Math.max(1, rec.attempts());
                failed.addAll(rt.codec.attempts(rec.failedAttempts()));
            }
            case RETRYING -> {
                attempt = rec.attempts() + 1;
                failed.addAll(rt.codec.attempts(rec.failedAttempts()));
                nextAt = rec.wakeAt();
            }
            case WAITING ->
                throw new IllegalStateException("Journal entry " + seq + " of run '" + st.runId + "' is a wait, not a "
                        + call.kind() + " step");
        }
        long startedAt = rec.startedAt() == null ? rt.now() : rec.startedAt();
        return live(st, seq, call, attempt, failed, nextAt, startedAt);
    }

    private <T> T live(
            RunState st,
            int seq,
            StepCall<T> call,
            int attempt,
            List<AttemptRecord> failed,
            Long nextAt,
            long startedAt) {
        var base = StepRow.running(seq, call.name(), call.kind(), attempt, inputJson(call), startedAt);
        while (true) {
            if (nextAt != null) {
                waits.backoff(st, base.withStatus(StepStatus.RETRYING), nextAt, failed);
            } else {
                waits.deliverCancel(st, base, failed);
            }
            if (call.options().atMostOnce()) {
                rt.writer.writeStep(st.runId, base.attempting(attempt, rt.codec.attempts(failed)));
            }
            Throwable error;
            rt.clearInterrupt(); // a flag left set by workflow code is no reason for this attempt to fail
            StepObservation observed = st.observed.observes()
                    ? st.observed.stepStarted(new ObservedStep(call.name(), call.kind(), attempt, call.details()))
                    : StepObservation.NOOP;
            try {
                T result = attempt(st, seq, call, attempt);
                String json = rt.codec.encode(result, "The result of step '" + call.name() + "'");
                StepMetrics m = call.metrics().apply(result);
                StepRow done = base.completed(attempt, json, rt.codec.attempts(failed), rt.now(), usage(m), cost(m));
                T replayed =
                        rt.codec.readBack(result, json, call.resultType().type(), call.name()); // before it is recorded
                rt.writer.writeStep(st.runId, done);
                rt.streams.changed(st.runId, seq);
                observed.finished(result, m.usage(), m.cost()); // once durable: a crash before it re-runs the attempt
                return replayed;
            } catch (Unwind e) {
                throw e;
            } catch (Throwable t) {
                error = t; // an Error too (AssertionError, StackOverflowError, OutOfMemoryError): a failed attempt
            }
            rt.checkOpen(); // an attempt cut short by close() is not a failed attempt (nor reported as one)
            long failedAt = rt.now();
            ErrorInfo info = Failures.errorInfo(error);
            Optional<Duration> delay = error instanceof PayloadException
                    ? Optional.empty()
                    : call.options().retry().nextDelay(attempt, error);
            if (delay.isPresent()) {
                nextAt = failedAt + delay.get().toMillis();
                failed.add(
                        new AttemptRecord(attempt, info, Instant.ofEpochMilli(failedAt), Instant.ofEpochMilli(nextAt)));
                StepRow retrying = base.retrying(attempt, rt.codec.error(info), rt.codec.attempts(failed), nextAt);
                rt.writer.writeStep(st.runId, retrying);
                observed.failed(error, true);
                attempt++;
                continue;
            }
            failed.add(new AttemptRecord(attempt, info, Instant.ofEpochMilli(failedAt), null));
            StepRow gaveUp = base.failed(attempt, rt.codec.error(info), rt.codec.attempts(failed), rt.now());
            rt.writer.writeStep(st.runId, gaveUp);
            observed.failed(error, false);
            throw new StepFailedException(call.name(), attempt, info.type(), info.message(), error);
        }
    }

    private <T> T attempt(RunState st, int seq, StepCall<T> call, int attempt) throws Exception {
        var context = new StepContext(st.runId, seq, call.name(), attempt);
        if (call.kind() == StepKind.MODEL) {
            rt.streams.attemptStarted(st.runId, seq, call.name(), attempt, call.input());
        }
        Duration timeout = call.options().timeout();
        if (timeout == null) {
            return StepContext.callWith(context, call.body());
        }
        var result = new CompletableFuture<T>();
        Thread body = rt.startBody("step-" + st.runId + "/" + seq, () -> {
            try {
                result.complete(StepContext.callWith(context, call.body()));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            body.interrupt(); // abandoned: whatever it does now is never recorded
            throw new TimeoutException("Step '" + call.name() + "' attempt " + attempt + " timed out after "
                    + timeout.toMillis() + " ms (StepOptions.timeout)");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        } catch (InterruptedException e) {
            body.interrupt();
            throw e;
        }
    }

    /** The step's token usage as its row stores it: {@code null} for none. */
    private String usage(StepMetrics metrics) {
        return metrics == null || metrics.usage().equals(dev.steadfast.usage.Usage.NONE)
                ? null
                : rt.codec.internal(metrics.usage());
    }

    /** The step's cost as its row stores it: {@code null} for none. */
    private static String cost(StepMetrics metrics) {
        return metrics == null || metrics.cost().compareTo(BigDecimal.ZERO) == 0
                ? null
                : metrics.cost().toPlainString();
    }

    private String inputJson(StepCall<?> call) {
        return call.input().isNull() || call.input().isMissingNode()
                ? null
                : rt.codec.encode(call.input(), "The input of step '" + call.name() + "'");
    }

    /** An at-most-once step found started but unrecorded: record that its outcome is unknown, never run it again. */
    private RuntimeException outcomeUnknown(RunState st, StepRow rec) {
        var e = new StepOutcomeUnknownException(st.runId, rec.seq(), rec.name());
        StepRow unknown =
                rec.failed(rec.attempts(), rt.codec.error(Failures.errorInfo(e)), rec.failedAttempts(), rt.now());
        rt.writer.writeStep(st.runId, unknown);
        return e;
    }
}

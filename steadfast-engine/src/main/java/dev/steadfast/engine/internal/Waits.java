package dev.steadfast.engine.internal;

import dev.steadfast.error.CancelledException;
import dev.steadfast.run.AttemptRecord;
import dev.steadfast.run.ErrorInfo;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepKind;
import dev.steadfast.run.StepStatus;
import java.util.List;
import java.util.Optional;

/**
 * Durable waits: timers, signals, approvals and retry backoffs. A wait is a journal entry in
 * {@link StepStatus#WAITING} (with its deadline) until what it waits for arrives; then the entry
 * is completed with what arrived, in the same transaction that marks a signal consumed. A wait
 * that lasts beyond the unload threshold ends its thread; a signal, decision, cancel or the
 * timer re-enters the run by replay, which finds the entry still waiting and waits on.
 */
final class Waits {
    /** Signals and decisions are kept apart: a user signal can never be mistaken for a decision. */
    static final String APPROVAL_KEY_PREFIX = "$approval:";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Waits.class);

    private final EngineRuntime rt;

    Waits(EngineRuntime rt) {
        this.rt = rt;
    }

    /**
     * Waits (or resumes waiting) at entry {@code seq} and returns the completed entry: its output
     * is what arrived (a signal's payload, a decision), or SQL NULL when the deadline passed first.
     *
     * @param waitKey the signal name waited for, or {@code null} for a pure timer
     * @param timeoutMillis how long to wait at most, or {@code null} for no limit
     * @param type what an arriving payload must decode to; one that does not is refused (recorded as
     *     {@code SIGNAL_REFUSED}) and the run waits on, so a bad payload never fails a run. {@code null}: any.
     */
    StepRow await(
            RunState st,
            String name,
            StepKind kind,
            String input,
            String waitKey,
            Long timeoutMillis,
            java.lang.reflect.Type type) {
        st.checkFatal();
        return awaitAt(st, st.nextSeq(), name, kind, input, waitKey, timeoutMillis, type);
    }

    /** {@link #await} at entry {@code seq}, taken by the caller (a child run's entry, numbered before it starts). */
    StepRow awaitAt(
            RunState st,
            int seq,
            String name,
            StepKind kind,
            String input,
            String waitKey,
            Long timeoutMillis,
            java.lang.reflect.Type type) {
        st.checkFatal();
        rt.clearInterrupt();
        StepRow rec = st.recorded(seq);
        StepRow waiting;
        if (rec != null) {
            st.match(seq, rec, name, kind);
            if (rec.status() == StepStatus.COMPLETED) {
                return rec;
            }
            if (rec.status() == StepStatus.FAILED) {
                throw st.replayedFailure(rec, rt.codec.error(rec.error()));
            }
            st.atLiveEntry();
            waiting = rec;
        } else {
            long now = rt.now();
            var fresh = StepRow.waiting(
                    seq, name, kind, input, now, waitKey, timeoutMillis == null ? null : now + timeoutMillis);
            deliverCancel(st, fresh, List.of());
            Optional<Tables.PendingSignal> buffered = nextFitting(st, waitKey, type);
            if (buffered.isPresent()) {
                return complete(st, fresh, buffered.get());
            }
            if (fresh.wakeAt() != null) {
                st.markTimerSet();
            }
            rt.writer.write(db -> {
                Tables.putStep(db, st.runId, fresh);
                Tables.setRunStatus(db, st.runId, RunStatus.WAITING, now);
                if (fresh.wakeAt() != null) {
                    Tables.setTimer(db, st.runId, fresh.wakeAt());
                }
            });
            waiting = fresh;
        }
        return waitFor(st, waiting, type);
    }

    private StepRow waitFor(RunState st, StepRow waiting, java.lang.reflect.Type type) {
        long parkedAt = System.nanoTime();
        Long deadline = waiting.wakeAt();
        while (true) {
            rt.clearInterrupt(); // else every park returns at once, and the next read fails
            deliverCancel(st, waiting, List.of());
            Optional<Tables.PendingSignal> arrived = nextFitting(st, waiting.waitKey(), type);
            if (arrived.isPresent()) {
                return complete(st, waiting, arrived.get());
            }
            long now = rt.now();
            if (deadline != null && now >= deadline) {
                return complete(st, waiting, null);
            }
            long unloadIn = rt.unloadAfter.toMillis() - (System.nanoTime() - parkedAt) / 1_000_000;
            if (unloadIn <= 0 && Thread.currentThread() == st.mainThread) {
                boolean unloaded = rt.tryUnload(
                        st.slot,
                        () -> st.slot.cancelRequested() && !st.cancelDelivered()
                                || nextSignal(st, waiting.waitKey()).isPresent()
                                || deadline != null && rt.now() >= deadline);
                if (unloaded) {
                    if (deadline != null) {
                        rt.timers.schedule(st.runId, deadline);
                    }
                    throw RunUnloaded.INSTANCE;
                }
                // something arrived: look again, then give it another threshold; the poke is taken now, or a
                // poke that did not concern this wait would fail every next unload and the loop would spin
                st.slot.park(0);
                parkedAt = System.nanoTime();
                continue;
            }
            long park = Math.min(Timers.TICK_MILLIS, Math.max(unloadIn, 1));
            if (deadline != null) {
                park = Math.min(park, deadline - now);
            }
            st.slot.park(park);
        }
    }

    private Optional<Tables.PendingSignal> nextSignal(RunState st, String waitKey) {
        return waitKey == null ? Optional.empty() : rt.store.read(db -> Tables.nextSignal(db, st.runId, waitKey));
    }

    /** The next signal for {@code waitKey} whose payload fits {@code type}; those before it that do not are refused. */
    private Optional<Tables.PendingSignal> nextFitting(RunState st, String waitKey, java.lang.reflect.Type type) {
        while (true) {
            Optional<Tables.PendingSignal> next = nextSignal(st, waitKey);
            if (next.isEmpty() || type == null) {
                return next;
            }
            Tables.PendingSignal signal = next.get();
            String why = rt.codec.misfit(signal.payload(), type);
            if (why == null) {
                return next;
            }
            long now = rt.now();
            String reason = rt.codec.internal(why);
            rt.writer.write(db -> {
                Tables.consumeSignal(db, signal.id(), 0); // 0: refused, consumed by no step
                Tables.insertDecision(
                        db, st.runId, dev.steadfast.run.Decision.Kind.SIGNAL_REFUSED, waitKey, reason, "engine", now);
            });
            LOG.warn("Run '{}' refused signal '{}' ({}); it waits on", st.runId, waitKey, why);
        }
    }

    private StepRow complete(RunState st, StepRow waiting, Tables.PendingSignal signal) {
        long now = rt.now();
        StepRow arrived = waiting.arrived(signal == null ? null : signal.payload(), now);
        StepRow done = waiting.kind() == StepKind.CHILD && signal != null
                ? Children.withMetrics(arrived, signal.payload(), rt.codec)
                : arrived;
        rt.writer.write(db -> {
            Tables.putStep(db, st.runId, done);
            if (signal != null) {
                Tables.consumeSignal(db, signal.id(), done.seq());
            }
            Tables.setRunStatus(db, st.runId, RunStatus.RUNNING, now);
            Tables.clearTimer(db, st.runId);
        });
        return done;
    }

    /**
     * Waits out a retry backoff (the failed attempt is already recorded with its due time). A wait
     * longer than the unload threshold — a server's {@code Retry-After} of minutes or hours — costs a
     * timer row, not a thread: once it has lasted the threshold the run unloads, and the timer
     * re-enters it by replay, which finds the attempt still due at the same time.
     */
    void backoff(RunState st, StepRow retrying, long nextAt, List<AttemptRecord> failed) {
        long parkedAt = System.nanoTime();
        // only the run's own thread can unload it; a parallel tool call's backoff just waits, and leaves
        // the run's one timer row to the run's thread
        boolean longWait = Thread.currentThread() == st.mainThread
                && !failed.isEmpty()
                && nextAt - failed.getLast().failedAt().toEpochMilli() > rt.unloadAfter.toMillis();
        if (longWait) {
            st.markTimerSet();
            rt.writer.write(db -> Tables.setTimer(db, st.runId, nextAt));
        }
        while (true) {
            rt.clearInterrupt();
            deliverCancel(st, retrying, failed);
            long now = rt.now();
            if (now >= nextAt) {
                if (longWait) {
                    rt.writer.write(db -> Tables.clearTimer(db, st.runId));
                }
                return;
            }
            long unloadIn = rt.unloadAfter.toMillis() - (System.nanoTime() - parkedAt) / 1_000_000;
            if (longWait && unloadIn <= 0) {
                if (rt.tryUnload(
                        st.slot, () -> st.slot.cancelRequested() && !st.cancelDelivered() || rt.now() >= nextAt)) {
                    rt.timers.schedule(st.runId, nextAt);
                    throw RunUnloaded.INSTANCE;
                }
                st.slot.park(0); // take the poke, as in waitFor: the loop looks again at what arrived
                parkedAt = System.nanoTime();
                continue;
            }
            st.slot.park(Math.min(Timers.TICK_MILLIS, nextAt - now));
        }
    }

    /**
     * Delivers a requested cancel at this entry, once per run: the entry is recorded as failed with
     * {@link CancelledException}, so a replay throws it at the same point again.
     */
    void deliverCancel(RunState st, StepRow at, List<AttemptRecord> failed) {
        if (!st.claimCancel()) {
            return;
        }
        var e = new CancelledException(st.runId);
        long now = rt.now();
        StepRow cancelled = at.failed(
                at.attempts(),
                rt.codec.error(new ErrorInfo(e.getClass().getName(), e.getMessage(), null)),
                rt.codec.attempts(failed),
                now);
        rt.writer.write(db -> {
            Tables.putStep(db, st.runId, cancelled);
            Tables.setRunStatus(db, st.runId, RunStatus.RUNNING, now);
            Tables.clearTimer(db, st.runId);
        });
        throw e;
    }
}

package dev.steadfast.engine.internal;

import dev.steadfast.error.CancelledException;
import dev.steadfast.error.NonDeterminismException;
import dev.steadfast.error.RecordedValueMismatchException;
import dev.steadfast.error.StepFailedException;
import dev.steadfast.error.StepOutcomeUnknownException;
import dev.steadfast.observe.RunObservation;
import dev.steadfast.run.ErrorInfo;
import dev.steadfast.run.StepKind;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One execution of a run's code: its journal (as recorded before it began, plus what this
 * execution recorded), the position the code has reached, and the flags that must survive every
 * catch block in workflow code (a non-determinism failure, a delivered cancel).
 */
final class RunState {
    final String runId;
    final String workflowType;
    final long seed;
    final RunSlot slot;
    final Thread mainThread;
    /** Where this execution's step attempts are reported ({@link RunTraces}). */
    RunObservation observed = RunObservation.NOOP;

    private final Journal journal;
    private final AtomicInteger seq = new AtomicInteger();
    private final AtomicLong draws = new AtomicLong();
    private final AtomicBoolean cancelDelivered = new AtomicBoolean();
    private volatile RuntimeException fatal;
    private volatile boolean timerSet;
    /** A replay check: the code stops where the journal ends, and nothing is ever written. */
    private final boolean checkOnly;

    RunState(RunRow run, Journal journal, RunSlot slot, Thread mainThread) {
        this(run, journal, slot, mainThread, false);
    }

    /** An execution that only replays {@code run}'s journal to check it ({@link ReplayChecks}). */
    static RunState forCheck(RunRow run, Journal journal) {
        return new RunState(run, journal, new RunSlot(run.id(), null), Thread.currentThread(), true);
    }

    private RunState(RunRow run, Journal journal, RunSlot slot, Thread mainThread, boolean checkOnly) {
        this.checkOnly = checkOnly;
        this.runId = run.id();
        this.workflowType = run.type();
        this.seed = run.seed();
        this.slot = slot;
        this.mainThread = mainThread;
        this.journal = journal;
    }

    /** The position of the next journal entry the code asks for. */
    int nextSeq() {
        return seq.incrementAndGet();
    }

    /** The position the code asks for next, without taking it. */
    int peekSeq() {
        return seq.get() + 1;
    }

    /**
     * Journal entry {@code n}, or {@code null}; waits while a long journal is still being read up to it.
     * A replay check ends at a position with no entry: the code would record there.
     */
    StepRow recorded(int n) {
        StepRow rec = journal.get(n);
        if (rec == null && checkOnly) {
            throw ReplayEnded.INSTANCE;
        }
        return rec;
    }

    /** Called at an entry still in flight (not final), before anything is done about it: a replay check ends here. */
    void atLiveEntry() {
        if (checkOnly) {
            throw ReplayEnded.INSTANCE;
        }
    }

    /** Whether the code is still re-executing history recorded before this execution began. */
    boolean replaying() {
        return seq.get() < journal.lastRecorded();
    }

    /**
     * Fails the run when its code ended while the journal holds entries it never asked for: the
     * code changed under the run (steps removed), and finishing would contradict what happened.
     */
    void checkJournalConsumed() {
        int reached = seq.get();
        if (fatal == null && reached < journal.lastRecorded()) {
            StepRow next = journal.get(reached + 1);
            String recorded = next == null ? "entry " + (reached + 1) : next.kind() + " '" + next.name() + "'";
            var e = new NonDeterminismException(runId, reached + 1, recorded, "no further step (the code ended)");
            fatal = e;
            throw e;
        }
    }

    /** The next deterministic draw for ids and random sources. */
    long nextDraw() {
        return draws.incrementAndGet();
    }

    /** Fails every further call once the run is known to be broken, even if workflow code caught the first error. */
    void checkFatal() {
        RuntimeException f = fatal;
        if (f != null) {
            throw f;
        }
    }

    RuntimeException fatal() {
        return fatal;
    }

    /**
     * Notes that a recorded value no longer reads as the code's type ({@code e}): like a
     * non-determinism, every further call fails and the run stops here, open. Returns {@code e} to throw.
     */
    RuntimeException mismatch(RecordedValueMismatchException e) {
        fatal = e;
        return e;
    }

    /** Throws {@link NonDeterminismException} unless entry {@code n} records a step of this name and kind. */
    void match(int n, StepRow rec, String name, StepKind kind) {
        if (rec.name().equals(name) && rec.kind() == kind) {
            return;
        }
        var e = new NonDeterminismException(runId, n, rec.kind() + " '" + rec.name() + "'", kind + " '" + name + "'");
        fatal = e;
        throw e;
    }

    /** Notes that this execution gave the run a timer row (a wait with a deadline). */
    void markTimerSet() {
        timerSet = true;
    }

    /**
     * Whether the run may hold a timer row when it ends: this execution set one, or an earlier one
     * may have (a timer comes with a journal entry, so a run without any has none).
     */
    boolean mayHoldTimer() {
        return timerSet || journal.lastRecorded() > 0;
    }

    boolean cancelDelivered() {
        return cancelDelivered.get();
    }

    /** Claims the one delivery of a requested cancel; false when none is due. */
    boolean claimCancel() {
        return slot.cancelRequested() && cancelDelivered.compareAndSet(false, true);
    }

    /**
     * The failure recorded entry {@code rec} ended with ({@code error}, its decoded error), as workflow
     * code first saw it; a recorded cancel counts as delivered.
     */
    RuntimeException replayedFailure(StepRow rec, ErrorInfo error) {
        String type = error == null ? RuntimeException.class.getName() : error.type();
        if (type.equals(CancelledException.class.getName())) {
            cancelDelivered.set(true);
            return new CancelledException(runId);
        }
        if (type.equals(StepOutcomeUnknownException.class.getName())) {
            return new StepOutcomeUnknownException(runId, rec.seq(), rec.name());
        }
        return new StepFailedException(rec.name(), rec.attempts(), type, error == null ? "" : error.message(), null);
    }
}

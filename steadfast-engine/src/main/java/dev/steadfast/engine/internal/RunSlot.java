package dev.steadfast.engine.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A run that is loaded: it has a thread. Waits park here; signals, decisions, cancels and the
 * engine's close {@link #poke} it. A poke is remembered until the run next checks, so one that
 * lands between a check and a park is never lost.
 */
final class RunSlot {
    private final String runId;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean poked;
    private volatile boolean cancelRequested;
    private volatile Thread thread;
    private RunRow started;
    /** How a just-started run ended in this load, for the handle {@code start} returned; {@code null} for a resumed run. */
    private final AtomicReference<RunEnd.Ended> endForHandle;

    /** @param started the run's row when it was just inserted and has no journal yet, else {@code null} */
    RunSlot(String runId, RunRow started) {
        this.runId = runId;
        this.started = started;
        this.endForHandle = started == null ? null : new AtomicReference<>();
    }

    /**
     * Where this load of a just-started run leaves how it ended (durably), for the handle {@code start}
     * returned: its {@code result()} then needs no read. A small holder of its own, so a handle kept
     * long after the run unloaded holds nothing of the slot. {@code null} for a resumed run.
     */
    AtomicReference<RunEnd.Ended> endForHandle() {
        return endForHandle;
    }

    /** Notes how the run ended, once that is durable. */
    void ended(RunEnd.Ended how) {
        if (endForHandle != null) {
            endForHandle.set(how);
        }
    }

    /** The row of a run that was just started (once; {@code null} after that, or for a resumed run). */
    RunRow takeStarted() {
        RunRow r = started;
        started = null;
        return r;
    }

    String runId() {
        return runId;
    }

    void poke() {
        lock.lock();
        try {
            poked = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Parks up to {@code millis} unless poked since the last call; clears the poke. */
    void park(long millis) {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
            while (!poked && nanos > 0) { // a spurious wake-up parks again for the time left
                nanos = changed.awaitNanos(nanos);
            }
            poked = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Whether a poke is pending (it is not cleared). */
    boolean isPoked() {
        lock.lock();
        try {
            return poked;
        } finally {
            lock.unlock();
        }
    }

    void requestCancel() {
        cancelRequested = true;
        poke();
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    void bind(Thread t) {
        thread = t;
    }

    Thread thread() {
        return thread;
    }
}

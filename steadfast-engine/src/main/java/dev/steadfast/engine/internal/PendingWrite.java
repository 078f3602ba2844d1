package dev.steadfast.engine.internal;

import java.util.concurrent.locks.LockSupport;

/** One write to the {@link GroupCommitWriter} and the thread that waits for it to be durable (or failed). */
final class PendingWrite {
    final GroupCommitWriter.Write write;
    private final Thread waiter = Thread.currentThread();
    private Throwable failure; // an Error or a RuntimeException; written before done
    private volatile boolean done;

    PendingWrite(GroupCommitWriter.Write write) {
        this.write = write;
    }

    void succeed() {
        if (done) {
            return;
        }
        done = true;
        LockSupport.unpark(waiter);
    }

    void fail(Throwable e) {
        if (done) {
            return;
        }
        failure = e;
        done = true;
        LockSupport.unpark(waiter);
    }

    /** Waits until the write is durable or failed, uninterruptibly (an interrupt is kept); rethrows its failure. */
    void await() {
        boolean interrupted = false;
        while (!done) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw (RuntimeException) failure;
        }
    }
}

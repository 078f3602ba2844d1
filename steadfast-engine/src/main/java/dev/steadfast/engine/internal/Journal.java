package dev.steadfast.engine.internal;

import dev.steadfast.run.StepStatus;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A run's journal as one execution of its code sees it: the entries recorded before the execution
 * began (up to {@link #lastRecorded}, known from one cheap query). What the execution records goes
 * to the database only: the code asks for each position once, before it records there.
 *
 * <p>A long journal streams in on a thread of its own while the code replays what has arrived;
 * {@link #get} waits only when the code is ahead of the reading. Decompressing the large results is
 * shared: an entry arrives still compressed, the code decompresses the ones it reaches, and the
 * reading thread, once every row is in, decompresses from the end backwards until the two meet.
 * A short journal is read before the code starts, on its thread: another would cost more than it saves.
 */
final class Journal implements AutoCloseable {
    /** Journals of at least this many entries stream in. */
    static final int STREAM_FROM = 256;
    /** The reader wakes a waiting replay once per this many rows, not for every row. */
    private static final int WAKE_EVERY = 64;

    /**
     * Thrown into workflow code when its journal could not be read. An {@link Error}, so workflow
     * code's {@code catch (Exception e)} does not swallow it: the execution ends recording nothing,
     * as when the journal cannot be read before the code starts.
     */
    static final class Unreadable extends Unwind {
        Unreadable(String runId, RuntimeException cause) {
            super("The journal of run '" + runId + "' could not be read: " + cause.getMessage(), cause);
        }
    }

    private final String runId;
    private final int lastRecorded;
    /** Entry n at index n: a {@link StepRow}, a {@link CompressedStepRow}, or null (not arrived, or no such entry). */
    private final AtomicReferenceArray<Object> entries;
    private final Object progress = new Object();
    /** Every entry up to this position has arrived (or is not in the journal). */
    private volatile int loadedThrough;
    /** Reading has ended, completely or with {@link #failure}. */
    private volatile boolean ended;
    private volatile RuntimeException failure;
    private volatile int waiters; // changed under progress
    private volatile boolean stopped;
    /** The furthest entry the code has asked for: where the reading thread's decompressing stops. */
    private volatile int reached;
    private Thread reader;

    private Journal(String runId, int lastRecorded) {
        this.runId = runId;
        this.lastRecorded = lastRecorded;
        this.entries = new AtomicReferenceArray<>(lastRecorded + 1);
    }

    /** The empty journal of a run that was just started: nothing to read. */
    static Journal empty(String runId) {
        var journal = new Journal(runId, 0);
        journal.loaded();
        return journal;
    }

    /** The journal of run {@code runId}: read now when short, else streaming in. */
    static Journal open(SqliteStore store, String runId) {
        int last = store.read(db -> Tables.lastSeq(db, runId));
        var journal = new Journal(runId, last);
        if (last == 0) {
            journal.loaded();
        } else if (last < STREAM_FROM) {
            store.read(db -> {
                Tables.journal(db, runId, last, journal::arrived);
                return null;
            });
            journal.loaded();
        } else {
            // a platform thread: reading is a long native call, which would pin a virtual thread's carrier
            journal.reader = Thread.ofPlatform().daemon().name("journal-" + runId).start(() -> journal.stream(store));
        }
        return journal;
    }

    private void stream(SqliteStore store) {
        try {
            store.read(db -> {
                Tables.journal(db, runId, lastRecorded, this::arrived);
                return null;
            });
            if (stopped) {
                failure = new IllegalStateException("the execution ended before its journal was read");
            } else {
                loaded();
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            ended = true;
            wake();
        }
        try {
            for (int n = lastRecorded; n > reached && !stopped && failure == null; n--) {
                if (entries.get(n) instanceof CompressedStepRow c) {
                    entries.compareAndSet(n, c, c.decompressed());
                }
            }
        } catch (RuntimeException corrupt) {
            // left compressed: the code meets the failure at that entry, as it would a corrupt JSON value
        }
    }

    /** Takes one entry (a {@link StepRow} or a {@link CompressedStepRow}) as it is read; {@code false} stops reading. */
    private boolean arrived(Object entry) {
        int seq = entry instanceof CompressedStepRow c ? c.row().seq() : ((StepRow) entry).seq();
        entries.set(seq, entry);
        loadedThrough = seq;
        if (seq % WAKE_EVERY == 0 && waiters > 0) {
            wake();
        }
        return !stopped;
    }

    private void loaded() {
        loadedThrough = Integer.MAX_VALUE;
        ended = true;
    }

    private void wake() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /** The position of the last entry recorded before this execution began; 0 for none. */
    int lastRecorded() {
        return lastRecorded;
    }

    /** Entry {@code n}, or {@code null}; waits while it may still be on its way. */
    StepRow get(int n) {
        if (n > lastRecorded) {
            return null; // code asks for a position before it records there, and positions only grow
        }
        if (n > loadedThrough) {
            await(n);
            if (n > loadedThrough) {
                throw new Unreadable(runId, failure);
            }
        }
        if (n > reached) {
            reached = n;
        }
        Object entry = entries.get(n);
        if (entry instanceof CompressedStepRow c) {
            StepRow row = c.decompressed();
            entries.compareAndSet(n, c, row); // or the reading thread got there first, with an equal row
            return row;
        }
        return (StepRow) entry;
    }

    /** Waits for entry {@code n} to arrive or the reading to end; uninterruptibly, as a read of the rows would. */
    private void await(int n) {
        boolean interrupted = false;
        synchronized (progress) {
            waiters++;
            try {
                while (n > loadedThrough && !ended) {
                    try {
                        progress.wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                waiters--;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops a reading still under way and waits for it to let go of its connection. */
    @Override
    public void close() {
        stopped = true;
        Thread r = reader;
        if (r == null) {
            return;
        }
        Threads.joinUninterruptibly(r);
    }
}

package dev.steadfast.engine.internal;

import dev.steadfast.SteadfastException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The only writer of the database. Writes from every run are queued; one thread drains whatever
 * is pending into a single transaction and commits it, so concurrent runs share each fsync. A
 * write's future completes only after its transaction committed: a step's result reaches workflow
 * code only once its record is durable.
 *
 * <p>When writes come one at a time (the last group was a single write) and nothing is queued or
 * being committed, the writing thread commits its write itself (the leader of a group of one): a
 * lone run then waits for its fsync without two thread hand-offs (to the writer and back). Under
 * load every write goes through the writer thread: a run thread committing would hold one of the
 * few carrier threads of virtual threads through its fsync, and groups would be smaller. Either
 * way the connection is used under one lock, by one thread at a time.
 *
 * <p>The writer applies a group's writes as they arrive and commits once they stop coming
 * ({@link #fill}), consecutive journal rows of one shape go to SQLite as one multi-row INSERT,
 * and a large group's waiters are woken by a virtual thread while the writer goes on to the next
 * group: the writer thread is the one part of the engine that cannot run on two cores, so it does
 * only what it alone can do.
 *
 * <p>A write that fails (a constraint, a bug, even an {@link Error}) must not sink the writes batched
 * with it: when a batch fails, it is rolled back and each write is retried in a transaction of its
 * own; the one that fails alone fails its waiter. A failure of the storage itself (disk full, I/O
 * error, read-only) is no write's fault: the group is kept and tried again until it commits
 * ({@link StorageFaults}). Each transaction first checks that this engine still owns the file
 * ({@link OwnerFence}); when it does not, another engine owns the file now: every write from
 * then on fails with {@link OwnershipLostError}, and the engine is told ({@link #onOwnershipLost}).
 *
 * <p>Transactions are begun and ended here, explicitly, with statements of our own (the driver's
 * {@code commit()} begins the next transaction at once): after a full disk SQLite may roll a
 * transaction back on its own, and a driver that believes one is still open would commit nothing
 * (and every later statement on its own).
 */
final class GroupCommitWriter implements AutoCloseable {
    /** A change to the database, applied inside the writer's transaction. */
    @FunctionalInterface
    interface Write {
        void apply(SqlConnection db) throws SQLException;
    }

    private static final int MAX_BATCH = 4096;
    /** A group smaller than twice this never waits for more writes (see {@link #worthWaiting}). */
    private static final int MIN_GATHER = 8;
    private static final long GATHER_NANOS = 300_000;
    private static final long GATHER_POLL_NANOS = 20_000;
    /** A group at least this large is completed off the writer thread (see {@link #completeAll}). */
    private static final int ASYNC_COMPLETION = 16;
    private static final PendingWrite STOP = new PendingWrite(db -> {});

    private final SqlConnection db;
    private final String dbName;
    private final BlockingQueue<PendingWrite> queue = new LinkedBlockingQueue<>();
    /** Held by whoever uses {@link #db}: the writer thread, or a thread committing its own write. */
    private final ReentrantLock connection = new ReentrantLock();
    /** Writes queued or taken by the writer thread and not yet completed. */
    private final AtomicInteger pending = new AtomicInteger();
    /** How many writes the last committed group held. */
    private volatile int lastGroup;
    private final Thread thread;
    private static final long UNFENCED = -1;

    private final StorageFaults faults;
    private final long epoch;
    private boolean inTransaction; // under the connection lock
    private volatile boolean closed;
    /** Set once the fence refused a write: every write fails with it from then on. */
    private volatile OwnershipLostError lost;
    private volatile Runnable lostListener = () -> {};

    GroupCommitWriter(SqlConnection db, String dbName) throws SQLException {
        this(db, dbName, UNFENCED);
    }

    /** A writer that commits only while the file's owner epoch is {@code epoch} ({@link OwnerFence}). */
    GroupCommitWriter(SqlConnection db, String dbName, long epoch) throws SQLException {
        this.db = db;
        this.dbName = dbName;
        this.epoch = epoch;
        this.faults = new StorageFaults(dbName);
        // Transactions are ours (see the class comment), but the driver must not think it is in autocommit
        // mode: it would then try a BEGIN (and an empty COMMIT) after every statement to make sure. Turning
        // autocommit off makes the driver open a transaction, which is ended here.
        db.jdbc().setAutoCommit(false);
        db.execute("ROLLBACK");
        this.thread = Thread.ofPlatform().daemon().name("steadfast-writer").start(this::loop);
    }

    /** Records journal row {@code row} of run {@code runId} and waits until it is durable. */
    void writeStep(String runId, StepRow row) {
        write(new JournalRows.StepWrite(Tables.StepValues.of(runId, row)));
    }

    /** Called once, on a thread of its own, when another engine took the file ({@link OwnershipLostError}). */
    void onOwnershipLost(Runnable listener) {
        lostListener = listener;
    }

    /** Why this writer commits nothing more because another engine took the file, or {@code null}. */
    OwnershipLostError lost() {
        return lost;
    }

    /** What the writer waits for while the storage fails, or {@code null} when it writes. */
    String waitingFor() {
        return faults.waitingFor();
    }

    /** Applies {@code write} and waits until it is durable; rethrows its failure. */
    void write(Write write) {
        PendingWrite p = commitHere(write);
        (p != null ? p : submit(write)).await();
    }

    /**
     * Commits {@code write} on the calling thread when no other write is pending and the connection
     * is free, together with whatever was queued by then; {@code null} when the writer is busy (the
     * write then joins its next batch). Each thread has at most one write outstanding, so committing
     * it ahead of a write queued by another thread meanwhile reorders nothing that was ordered.
     */
    private PendingWrite commitHere(Write write) {
        if (lastGroup > 1 || pending.get() != 0 || !connection.tryLock()) {
            return null;
        }
        var batch = new ArrayList<PendingWrite>();
        var own = new PendingWrite(write);
        int drained = 0;
        try {
            if (closed || lost != null) {
                own.fail(lost != null ? lost : new EngineClosedError(dbName));
                return own;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            if (batch.remove(STOP)) {
                queue.add(STOP); // the writer thread's to act on; nothing is queued after it
            }
            drained = batch.size();
            batch.add(own);
            commit(batch);
            return own;
        } finally {
            connection.unlock();
            pending.addAndGet(-drained); // our own write was never counted
        }
    }

    /** Queues {@code write} for the writer thread. */
    private PendingWrite submit(Write write) {
        var p = new PendingWrite(write);
        if (closed || lost != null) {
            p.fail(lost != null ? lost : new EngineClosedError(dbName));
            return p;
        }
        pending.incrementAndGet();
        queue.add(p);
        // closed meanwhile, perhaps after the writer's last look at the queue: take it back if still there
        if (closed && queue.remove(p)) {
            pending.decrementAndGet();
            p.fail(new EngineClosedError(dbName));
        }
        return p;
    }

    private void loop() {
        var group = new ArrayList<PendingWrite>();
        while (true) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                // close() stops us with STOP, never by interrupt; keep draining
                continue;
            }
            boolean stop = group.contains(STOP);
            connection.lock();
            try {
                Throwable failed = fill(group);
                stop = group.remove(STOP);
                if (!group.isEmpty()) {
                    finish(group, failed);
                }
                if (stop) {
                    failRemaining();
                }
            } catch (Throwable t) {
                // the writer itself failed (out of memory, a bug): its group's waiters learn it, and it goes on
                rollback();
                stop |= group.remove(STOP);
                group.forEach(p -> p.fail(t));
                if (stop) {
                    failRemaining();
                }
            } finally {
                connection.unlock();
            }
            pending.addAndGet(-group.size());
            group.clear();
            if (stop) {
                return;
            }
        }
    }

    /**
     * Grows {@code group} into one transaction, applying its writes as they arrive, until they stop
     * coming or {@link #STOP} comes (applied like any write: it changes nothing). Applying while the
     * group gathers keeps the writer busy with work it must do anyway while the runs it woke write
     * again; the transaction is committed once they stop coming. Under load that makes one group of
     * all of them: waiting instead, and applying only at commit, settled into two alternating groups
     * of half the runs, so twice the commits (see BENCHMARKS.md, findings referenced from code: group
     * commit). When the queue runs dry, the group may wait a moment for more ({@link #worthWaiting}),
     * parked, at most {@link #GATHER_NANOS} in all. Returns why a write failed to apply, which ends
     * the gathering, or {@code null}.
     */
    private Throwable fill(List<PendingWrite> group) {
        int applied = 0;
        long waited = 0;
        while (true) {
            queue.drainTo(group, MAX_BATCH - group.size());
            List<PendingWrite> arrived = group.subList(applied, group.size());
            boolean stop = arrived.contains(STOP);
            if (!arrived.isEmpty()) {
                try {
                    applyAll(arrived);
                } catch (Throwable e) {
                    return e;
                }
                applied = group.size();
                if (!stop && group.size() < MAX_BATCH) {
                    continue; // more may have come while these were applied
                }
            }
            if (stop || group.size() >= MAX_BATCH || waited >= GATHER_NANOS || !worthWaiting(group.size())) {
                return null;
            }
            long t0 = System.nanoTime();
            LockSupport.parkNanos(GATHER_POLL_NANOS);
            waited += System.nanoTime() - t0;
            if (queue.isEmpty()) {
                return null; // nothing came meanwhile: nobody else is about to write
            }
        }
    }

    /**
     * Whether a group that has run out of writes should wait a moment for more: under load (the last
     * group was large) and while it holds fewer writes than the last group, whose runs are about to
     * write again. A lone write, or a few, never waits.
     */
    private boolean worthWaiting(int size) {
        int last = lastGroup;
        return last >= 2 * MIN_GATHER && size < last;
    }

    /** Applies {@code batch} and commits it ({@link #finish}). */
    private void commit(List<PendingWrite> batch) {
        finish(batch, apply(batch));
    }

    /** Applies {@code batch} in the open transaction (begun if none); returns why it failed, or {@code null}. */
    private Throwable apply(List<PendingWrite> batch) {
        try {
            applyAll(batch);
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    /**
     * Commits an applied group, or, when a write of it failed to apply ({@code failed}) or the
     * commit fails, rolls it back and commits each write in a transaction of its own.
     */
    private void finish(List<PendingWrite> group, Throwable failed) {
        lastGroup = group.size();
        while (true) {
            if (failed == null) {
                try {
                    db.update("COMMIT");
                    inTransaction = false;
                    faults.cleared(group.size());
                    completeAll(group);
                    return;
                } catch (SQLException | RuntimeException e) {
                    failed = e;
                }
            }
            rollback();
            if (lost != null || OwnerFence.refused(failed)) {
                ownershipLost(group);
                return;
            }
            if (!StorageFaults.isStorage(failed)) {
                break;
            }
            if (!faults.awaitRetry(failed, group.size(), () -> closed)) {
                group.forEach(p -> p.fail(new EngineClosedError(dbName)));
                return;
            }
            failed = apply(group); // the whole group again: none of it was committed
        }
        if (group.size() == 1) {
            group.get(0).fail(wrap(failed, dbName));
            return;
        }
        for (PendingWrite p : group) {
            commit(List.of(p));
        }
    }

    /** Applies the writes in order in the open transaction (begun, and the owner checked, if none is open). */
    private void applyAll(List<PendingWrite> batch) throws SQLException {
        if (!inTransaction) {
            db.update("BEGIN");
            inTransaction = true;
            if (epoch != UNFENCED) {
                OwnerFence.check(db, epoch);
            }
        }
        JournalRows.apply(db, batch);
    }

    /**
     * Hands every write of a committed group its success. Waking each waiting run costs the waker
     * a few microseconds; for a large group the writer thread leaves that to a virtual thread and
     * goes on to the next group, which it alone can write.
     */
    private void completeAll(List<PendingWrite> batch) {
        if (batch.size() < ASYNC_COMPLETION || Thread.currentThread() != thread) {
            batch.forEach(PendingWrite::succeed);
            return;
        }
        List<PendingWrite> committed = List.copyOf(batch);
        Thread.ofVirtual().name("steadfast-writer-completion").start(() -> committed.forEach(PendingWrite::succeed));
    }

    /**
     * Ends the open transaction, if SQLite has not ended it already (it may, after a full disk), and
     * drops the prepared statements, which the driver will not run again after some failures.
     */
    private void rollback() {
        inTransaction = false;
        db.forgetStatements();
        try {
            db.execute("ROLLBACK");
        } catch (SQLException | RuntimeException ignored) {
            // no transaction was active
        }
    }

    /** The fence refused a write: fails {@code group} and everything after it, and tells the engine once. */
    private void ownershipLost(List<PendingWrite> group) {
        boolean first = lost == null;
        if (first) {
            lost = new OwnershipLostError(dbName, OwnerFence.holder(db));
        }
        group.forEach(p -> p.fail(lost));
        if (first) {
            Runnable listener = lostListener;
            Thread.ofVirtual().name("steadfast-ownership-lost").start(listener);
        }
    }

    private static Throwable wrap(Throwable e, String dbName) {
        return e instanceof RuntimeException || e instanceof Error ? e
                : new SteadfastException("Could not write to " + dbName + ": " + e.getMessage(), e);
    }

    private void failRemaining() {
        PendingWrite p;
        while ((p = queue.poll()) != null) {
            pending.decrementAndGet();
            p.fail(lost != null ? lost : new EngineClosedError(dbName));
        }
    }

    /** Commits what is queued, then stops the writer thread. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        queue.add(STOP);
        Threads.joinUninterruptibly(thread);
        db.close();
    }
}

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
 * <p>A write that fails (a constraint, a bug) must not sink the writes batched with it: when a
 * batch fails, it is rolled back and each write is retried in a transaction of its own.
 */
final class GroupCommitWriter implements AutoCloseable {
    /** A change to the database, applied inside the writer's transaction. */
    @FunctionalInterface
    interface Write {
        void apply(SqlConnection db) throws SQLException;
    }

    /** The commonest write, one journal row: consecutive ones of one shape are inserted together. */
    private record StepWrite(Tables.StepValues row) implements Write {
        @Override
        public void apply(SqlConnection db) throws SQLException {
            Tables.putSteps(db, List.of(row));
        }
    }

    /** One write and the thread that waits for it to be durable. */
    private static final class Pending {
        final Write write;
        private final Thread waiter = Thread.currentThread();
        private Throwable failure; // an EngineClosedError or a RuntimeException; written before done
        private volatile boolean done;

        Pending(Write write) {
            this.write = write;
        }

        void succeed() {
            done = true;
            LockSupport.unpark(waiter);
        }

        void fail(Throwable e) {
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

    private static final int MAX_BATCH = 4096;
    /** A group smaller than twice this never waits for more writes (see {@link #worthWaiting}). */
    private static final int MIN_GATHER = 8;
    private static final long GATHER_NANOS = 300_000;
    private static final long GATHER_POLL_NANOS = 20_000;
    /** A group at least this large is completed off the writer thread (see {@link #completeAll}). */
    private static final int ASYNC_COMPLETION = 16;
    private static final Pending STOP = new Pending(db -> {});

    private final SqlConnection db;
    private final String dbName;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    /** Held by whoever uses {@link #db}: the writer thread, or a thread committing its own write. */
    private final ReentrantLock connection = new ReentrantLock();
    /** Writes queued or taken by the writer thread and not yet completed. */
    private final AtomicInteger pending = new AtomicInteger();
    /** How many writes the last committed group held. */
    private volatile int lastGroup;
    private final Thread thread;
    private volatile boolean closed;

    GroupCommitWriter(SqlConnection db, String dbName) throws SQLException {
        this.db = db;
        this.dbName = dbName;
        db.jdbc().setAutoCommit(false);
        this.thread = Thread.ofPlatform().daemon().name("steadfast-writer").start(this::loop);
    }

    /** Records journal row {@code row} of run {@code runId} and waits until it is durable. */
    void writeStep(String runId, StepRow row) {
        write(new StepWrite(Tables.StepValues.of(runId, row)));
    }

    /** Applies {@code write} and waits until it is durable; rethrows its failure. */
    void write(Write write) {
        Pending p = commitHere(write);
        (p != null ? p : submit(write)).await();
    }

    /**
     * Commits {@code write} on the calling thread when no other write is pending and the connection
     * is free, together with whatever was queued by then; {@code null} when the writer is busy (the
     * write then joins its next batch). Each thread has at most one write outstanding, so committing
     * it ahead of a write queued by another thread meanwhile reorders nothing that was ordered.
     */
    private Pending commitHere(Write write) {
        if (lastGroup > 1 || pending.get() != 0 || !connection.tryLock()) {
            return null;
        }
        var batch = new ArrayList<Pending>();
        var own = new Pending(write);
        int drained = 0;
        try {
            if (closed) {
                own.fail(new EngineClosedError(dbName));
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
    private Pending submit(Write write) {
        var p = new Pending(write);
        if (closed) {
            p.fail(new EngineClosedError(dbName));
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
        var group = new ArrayList<Pending>();
        while (true) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                // close() stops us with STOP, never by interrupt; keep draining
                continue;
            }
            boolean stop;
            connection.lock();
            try {
                Exception failed = fill(group);
                stop = group.remove(STOP);
                if (!group.isEmpty()) {
                    finish(group, failed);
                }
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
    private Exception fill(List<Pending> group) {
        int applied = 0;
        long waited = 0;
        while (true) {
            queue.drainTo(group, MAX_BATCH - group.size());
            List<Pending> arrived = group.subList(applied, group.size());
            boolean stop = arrived.contains(STOP);
            if (!arrived.isEmpty()) {
                try {
                    applyAll(arrived);
                } catch (SQLException | RuntimeException e) {
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
    private void commit(List<Pending> batch) {
        Exception failed = null;
        try {
            applyAll(batch);
        } catch (SQLException | RuntimeException e) {
            failed = e;
        }
        finish(batch, failed);
    }

    /**
     * Commits an applied group, or, when a write of it failed to apply ({@code failed}) or the
     * commit fails, rolls it back and commits each write in a transaction of its own.
     */
    private void finish(List<Pending> group, Exception failed) {
        lastGroup = group.size();
        if (failed == null) {
            try {
                db.jdbc().commit();
                completeAll(group);
                return;
            } catch (SQLException | RuntimeException e) {
                failed = e;
            }
        }
        rollback();
        if (group.size() == 1) {
            group.get(0).fail(wrap(failed));
            return;
        }
        for (Pending p : group) {
            commit(List.of(p));
        }
    }

    /** Applies the writes in order; runs of journal rows of one shape go in as multi-row INSERTs. */
    private void applyAll(List<Pending> batch) throws SQLException {
        int i = 0;
        while (i < batch.size()) {
            if (!(batch.get(i).write instanceof StepWrite first)) {
                batch.get(i++).write.apply(db);
                continue;
            }
            var rows = new ArrayList<Tables.StepValues>();
            rows.add(first.row());
            i++;
            while (i < batch.size() && batch.get(i).write instanceof StepWrite next
                    && next.row().shape() == first.row().shape()) {
                rows.add(next.row());
                i++;
            }
            Tables.putSteps(db, rows);
        }
    }

    /**
     * Hands every write of a committed group its success. Waking each waiting run costs the waker
     * a few microseconds; for a large group the writer thread leaves that to a virtual thread and
     * goes on to the next group, which it alone can write.
     */
    private void completeAll(List<Pending> batch) {
        if (batch.size() < ASYNC_COMPLETION || Thread.currentThread() != thread) {
            batch.forEach(Pending::succeed);
            return;
        }
        List<Pending> committed = List.copyOf(batch);
        Thread.ofVirtual().name("steadfast-writer-completion").start(() -> committed.forEach(Pending::succeed));
    }

    private void rollback() {
        try {
            db.jdbc().rollback();
        } catch (SQLException ignored) {
            // the connection is unusable; the next commit reports it
        }
    }

    private RuntimeException wrap(Exception e) {
        return e instanceof RuntimeException re ? re
                : new SteadfastException("Could not write to " + dbName + ": " + e.getMessage(), e);
    }

    private void failRemaining() {
        Pending p;
        while ((p = queue.poll()) != null) {
            pending.decrementAndGet();
            p.fail(new EngineClosedError(dbName));
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

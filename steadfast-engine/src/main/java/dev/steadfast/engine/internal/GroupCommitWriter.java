package dev.steadfast.engine.internal;

import dev.steadfast.SteadfastException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The only writer of the database. Writes from every run are queued; one thread drains whatever
 * is pending into a single transaction and commits it, so concurrent runs share each fsync. A
 * write returns only after its transaction is durable: a step's result reaches workflow code only
 * once its record is.
 *
 * <p>Under {@code synchronous=FULL} the fsync is ours, not SQLite's: the connection commits under
 * {@code NORMAL} (the WAL frames reach the operating system, which a crash of the process cannot
 * lose) and a second thread fsyncs the WAL file, then releases the writes that commit held. The
 * writer thread meanwhile applies the next group, so the fsync of one group overlaps the inserts
 * of the next instead of stalling them. One fsync covers every group committed before it began.
 * Another connection may read a committed group before its fsync ends, as with {@code NORMAL}; no
 * write is acknowledged before it.
 *
 * <p>When writes come one at a time (the last group was a single write) and nothing is queued or
 * being committed, the writing thread commits (and fsyncs) its write itself, the leader of a group
 * of one: a lone run then waits for its fsync without thread hand-offs. Under load every write goes
 * through the writer thread: a run thread committing would hold one of the few carrier threads of
 * virtual threads through its fsync, and groups would be smaller. Either way the connection is used
 * under one lock, by one thread at a time.
 *
 * <p>Under load a group is given a moment to fill ({@link #gather}), and consecutive journal rows
 * of one shape go to SQLite as one multi-row INSERT: the writer thread is the one part of the
 * engine that cannot run on two cores, so it does only what it alone can do.
 *
 * <p>A write that fails (a constraint, a bug) must not sink the writes batched with it: when a
 * batch fails, it is rolled back and each write is retried in a transaction of its own. A failed
 * fsync fails the writes it was to make durable and every write after it: what the operating
 * system kept of them is unknown, and only a restart (recovery from the file) can tell.
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
    /** A group smaller than twice this never waits for more writes (see {@link #gather}). */
    private static final int MIN_GATHER = 8;
    private static final long GATHER_NANOS = 300_000;
    private static final long GATHER_POLL_NANOS = 20_000;
    /** A group at least this large is released off the writer thread (see {@link #release}). */
    private static final int ASYNC_RELEASE = 16;
    private static final Pending STOP = new Pending(db -> {});
    private static final List<Pending> SYNC_STOP = List.of(STOP);

    private final SqlConnection db;
    private final String dbName;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    /** Held by whoever uses {@link #db}: the writer thread, or a thread committing its own write. */
    private final ReentrantLock connection = new ReentrantLock();
    /** Writes queued or taken by the writer thread and not yet committed. */
    private final AtomicInteger pending = new AtomicInteger();
    /** How many writes the last committed group held. */
    private volatile int lastGroup;
    private final Thread thread;
    private volatile boolean closed;
    /** The WAL file, fsync'd after each commit under FULL; {@code null} under NORMAL. */
    private final Path walFile;
    /** Open on {@link #walFile}; replaced when an interrupt closed it (see {@link #sync}). */
    private volatile FileChannel wal;
    /** Committed groups the syncer is to make durable, then release. */
    private final BlockingQueue<List<Pending>> committed = new LinkedBlockingQueue<>();
    private final Thread syncer;
    /** fsyncs begun, and the number of the latest finished: a write is released only after one begun after its commit. */
    private final AtomicLong syncsBegun = new AtomicLong();
    private final AtomicLong syncedThrough = new AtomicLong();
    /** Set once an fsync failed: every later write fails with it. */
    private volatile RuntimeException syncFailure;

    /**
     * @param walFile the connection's WAL file, which this writer fsyncs after each commit (the
     *     connection must commit under {@code synchronous=NORMAL}); {@code null}: no fsync of ours
     */
    GroupCommitWriter(SqlConnection db, String dbName, Path walFile) throws SQLException {
        this.db = db;
        this.dbName = dbName;
        try {
            this.walFile = walFile;
            this.wal = walFile == null ? null : FileChannel.open(walFile, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new SQLException("Could not open " + walFile + " to sync it: " + e.getMessage(), e);
        }
        db.jdbc().setAutoCommit(false);
        this.thread = Thread.ofPlatform().daemon().name("steadfast-writer").start(this::loop);
        this.syncer = walFile == null ? null : Thread.ofPlatform().daemon().name("steadfast-wal-sync").start(this::syncLoop);
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
            Throwable refused = refusal();
            if (refused != null) {
                own.fail(refused);
                return own;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            if (batch.remove(STOP)) {
                queue.add(STOP); // the writer thread's to act on; nothing is queued after it
            }
            drained = batch.size();
            batch.add(own);
            if (commit(batch)) {
                release(batch, sync()); // under the lock, so close() never closes the WAL under it
            }
        } finally {
            connection.unlock();
            pending.addAndGet(-drained); // our own write was never counted
        }
        return own;
    }

    /** Queues {@code write} for the writer thread. */
    private Pending submit(Write write) {
        var p = new Pending(write);
        Throwable refused = refusal();
        if (refused != null) {
            p.fail(refused);
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

    private Throwable refusal() {
        if (closed) {
            return new EngineClosedError(dbName);
        }
        return syncFailure;
    }

    private void loop() {
        var batch = new ArrayList<Pending>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                // close() stops us with STOP, never by interrupt; keep draining
                continue;
            }
            gather(batch);
            boolean stop;
            connection.lock();
            try {
                queue.drainTo(batch, MAX_BATCH - batch.size());
                stop = batch.remove(STOP);
                if (!batch.isEmpty() && commit(batch)) {
                    if (walFile == null) {
                        release(batch, null);
                    } else {
                        committed.add(List.copyOf(batch)); // the syncer's to release
                    }
                }
                if (stop) {
                    failRemaining();
                }
            } finally {
                connection.unlock();
            }
            pending.addAndGet(-batch.size());
            batch.clear();
            if (stop) {
                return;
            }
        }
    }

    /**
     * Under load, lets a group fill before committing it: the runs whose writes the last group
     * committed are about to write again, and every fsync a larger group saves is worth more than a
     * short wait. Waits (parked, which leaves the core to those runs) while the group holds less than
     * half of the last one and is still growing, for at most {@link #GATHER_NANOS}. A lone write, or
     * a few, never waits.
     */
    private void gather(List<Pending> batch) {
        int target = lastGroup / 2;
        if (target < MIN_GATHER) {
            return;
        }
        long deadline = System.nanoTime() + GATHER_NANOS;
        queue.drainTo(batch, MAX_BATCH - batch.size());
        while (batch.size() < target && System.nanoTime() < deadline) {
            int before = batch.size();
            LockSupport.parkNanos(GATHER_POLL_NANOS);
            queue.drainTo(batch, MAX_BATCH - batch.size());
            if (batch.size() == before) {
                return; // nothing came in meanwhile: nobody else is about to write
            }
        }
    }

    /**
     * Applies and commits {@code batch}; true when it committed as one group, which the caller then
     * makes durable and releases. A failed group is rolled back and its writes committed one by one,
     * each released here; then false.
     */
    private boolean commit(List<Pending> batch) {
        lastGroup = batch.size();
        try {
            applyAll(batch);
            db.jdbc().commit();
            return true;
        } catch (SQLException | RuntimeException e) {
            rollback();
            if (batch.size() == 1) {
                batch.get(0).fail(wrap(e));
                return false;
            }
            for (Pending p : batch) {
                List<Pending> one = List.of(p);
                if (commit(one)) {
                    release(one, sync());
                }
            }
            return false;
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
     * Makes what was committed durable, under FULL; the failure, or {@code null}. A FileChannel is
     * closed when a thread is interrupted in one of its operations, and run threads are interrupted
     * (by close(), by a step's timeout, by user code): an interrupted caller's status is set aside
     * while it syncs, and a channel closed by an interrupt anyway is replaced and the sync made again
     * (an fsync covers the file, whichever descriptor asks).
     */
    private RuntimeException sync() {
        if (walFile == null) {
            return null;
        }
        RuntimeException failed = syncFailure;
        if (failed != null) {
            return failed;
        }
        long n = syncsBegun.incrementAndGet();
        boolean interrupted = Thread.interrupted();
        try {
            for (int attempt = 1; ; attempt++) {
                FileChannel channel = wal;
                try {
                    channel.force(false);
                    syncedThrough.accumulateAndGet(n, Math::max);
                    return null;
                } catch (ClosedChannelException e) {
                    interrupted |= Thread.interrupted();
                    if (attempt == 3) {
                        throw e;
                    }
                    reopen(channel);
                }
            }
        } catch (IOException e) {
            failed = new SteadfastException("Could not sync " + dbName + " to disk: " + e
                    + ". What the last commits kept is unknown; restart the engine to recover from the file.", e);
            syncFailure = failed;
            return failed;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized void reopen(FileChannel closedOne) throws IOException {
        if (wal == closedOne) {
            wal = FileChannel.open(walFile, StandardOpenOption.WRITE);
        }
    }

    /** The syncer thread: fsyncs the WAL once for every group committed by then, and releases them. */
    private void syncLoop() {
        var groups = new ArrayList<List<Pending>>();
        while (true) {
            try {
                groups.add(committed.take());
            } catch (InterruptedException e) {
                continue; // close() stops us with SYNC_STOP
            }
            committed.drainTo(groups);
            boolean stop = groups.removeIf(g -> g == SYNC_STOP);
            RuntimeException failed = sync();
            for (List<Pending> group : groups) {
                release(group, failed);
            }
            groups.clear();
            if (stop) {
                return;
            }
        }
    }

    /**
     * Hands every write of a durable group its outcome. Waking each waiting run costs the waker a few
     * microseconds; for a large group the writer thread (or the syncer) leaves that to a virtual
     * thread and goes on to the next group (or fsync), which it alone can do.
     */
    private void release(List<Pending> group, RuntimeException failed) {
        if (failed != null) {
            group.forEach(p -> p.fail(failed));
        } else if (group.size() < ASYNC_RELEASE || Thread.currentThread() != thread && Thread.currentThread() != syncer) {
            group.forEach(Pending::succeed);
        } else {
            List<Pending> durable = List.copyOf(group);
            Thread.ofVirtual().name("steadfast-writer-release").start(() -> durable.forEach(Pending::succeed));
        }
    }

    /** How many fsyncs of the WAL have begun (for tests: a write applied now is covered only by a later one). */
    long syncsBegun() {
        return syncsBegun.get();
    }

    /** The number of the latest fsync of the WAL that finished; 0 for none, or under NORMAL. */
    long syncedThrough() {
        return syncedThrough.get();
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

    /** Commits and syncs what is queued, then stops the writer's threads. */
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
        if (syncer != null) {
            committed.add(SYNC_STOP); // after the writer thread's last group
            Threads.joinUninterruptibly(syncer);
            connection.lock(); // a leader syncs under it
            try {
                wal.close();
            } catch (IOException ignored) {
                // every group was synced
            } finally {
                connection.unlock();
            }
        }
        db.close();
    }
}

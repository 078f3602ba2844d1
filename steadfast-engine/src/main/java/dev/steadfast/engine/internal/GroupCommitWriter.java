package dev.steadfast.engine.internal;

import dev.steadfast.SteadfastException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The only writer of the database. Writes from every run are queued; one thread drains whatever
 * is pending into a single transaction and commits it, so concurrent runs share each fsync. A
 * write's future completes only after its transaction committed: a step's result reaches workflow
 * code only once its record is durable.
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

    private record Pending(Write write, CompletableFuture<Void> done) {}

    private static final int MAX_BATCH = 4096;
    private static final Pending STOP = new Pending(db -> {}, new CompletableFuture<>());

    private final SqlConnection db;
    private final String dbName;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private boolean closed; // guarded by queue

    GroupCommitWriter(SqlConnection db, String dbName) throws SQLException {
        this.db = db;
        this.dbName = dbName;
        db.jdbc().setAutoCommit(false);
        this.thread = Thread.ofPlatform().daemon().name("steadfast-writer").start(this::loop);
    }

    /** Queues {@code write}; the future completes once it is committed. */
    CompletableFuture<Void> submit(Write write) {
        var done = new CompletableFuture<Void>();
        synchronized (queue) {
            if (closed) {
                done.completeExceptionally(new EngineClosedError(dbName));
            } else {
                queue.add(new Pending(write, done));
            }
        }
        return done;
    }

    /** Applies {@code write} and waits until it is durable; rethrows its failure. */
    void write(Write write) {
        try {
            submit(write).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error err) {
                throw err;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new SteadfastException("Could not write to " + dbName + ": " + cause.getMessage(), cause);
        }
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
            queue.drainTo(batch, MAX_BATCH - 1);
            boolean stop = batch.remove(STOP);
            if (!batch.isEmpty()) {
                commit(batch);
            }
            batch.clear();
            if (stop) {
                failRemaining();
                return;
            }
        }
    }

    private void commit(List<Pending> batch) {
        try {
            for (Pending p : batch) {
                p.write.apply(db);
            }
            db.jdbc().commit();
            batch.forEach(p -> p.done.complete(null));
        } catch (SQLException | RuntimeException e) {
            rollback();
            if (batch.size() == 1) {
                batch.get(0).done.completeExceptionally(wrap(e));
                return;
            }
            for (Pending p : batch) {
                commit(List.of(p));
            }
        }
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
            p.done.completeExceptionally(new EngineClosedError(dbName));
        }
    }

    /** Commits what is queued, then stops the writer thread. */
    @Override
    public void close() {
        synchronized (queue) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        db.close();
    }
}

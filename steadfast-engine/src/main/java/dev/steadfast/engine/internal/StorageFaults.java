package dev.steadfast.engine.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteException;

/**
 * What the writer does when the disk, not a write, is at fault (full, read-only, failing I/O,
 * locked by another process): it keeps the writes, waits, and tries them again, for as long as it
 * takes. Runs that wait for those writes stay as they are ({@code RUNNING}); none of them fails for
 * it. The log says what the writer waits for when the fault begins (and every minute while it
 * lasts), and that writing resumed when it ends. Used by one writing thread at a time.
 */
final class StorageFaults {
    private static final Logger LOG = LoggerFactory.getLogger(StorageFaults.class);
    private static final long FIRST_RETRY_MILLIS = 10;
    private static final long MAX_RETRY_MILLIS = 1_000;
    private static final long REMIND_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final String dbName;
    private long since; // System.nanoTime() when the current fault began; 0: none
    private long lastLog;
    private int retries;
    private volatile String waitingFor;

    StorageFaults(String dbName) {
        this.dbName = dbName;
    }

    /** Whether {@code failure} comes from the storage (SQLite's own codes for it), not from a write. */
    static boolean isStorage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException e) {
                return switch (e.getResultCode().code & 0xff) {
                    case 5, 6, 7, 8, 10, 13, 14, 15 -> true; // BUSY LOCKED NOMEM READONLY IOERR FULL CANTOPEN PROTOCOL
                    default -> false;
                };
            }
        }
        return false;
    }

    /** What the writer waits for now, or {@code null} when it writes. */
    String waitingFor() {
        return waitingFor;
    }

    /**
     * Waits before the writer tries again after {@code failure}, {@code writes} writes held; logs what
     * it waits for. Returns {@code false} when {@code closed} became true meanwhile.
     */
    boolean awaitRetry(Throwable failure, int writes, BooleanSupplier closed) {
        long now = System.nanoTime();
        String what = what(failure);
        if (since == 0) {
            since = now;
            lastLog = now;
            retries = 0;
            LOG.warn("Cannot write to {}: {}. The {} write(s) in hand are kept and every run that made one stays as it"
                    + " is (RUNNING); the engine waits for {} and resumes writing by itself, without a restart.",
                    dbName, message(failure), writes, what);
        } else if (now - lastLog > REMIND_NANOS) {
            lastLog = now;
            LOG.warn("Still cannot write to {} after {} s: {}; waiting for {}.", dbName,
                    TimeUnit.NANOSECONDS.toSeconds(now - since), message(failure), what);
        }
        waitingFor = what;
        long delay = Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(retries++, 10));
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
        while (!closed.getAsBoolean()) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
        return false;
    }

    /** A commit went through: if a fault was on, it is over. */
    void cleared(int writes) {
        if (since != 0) {
            LOG.info("Writing to {} again after {} ms; {} write(s) committed, including those that waited.", dbName,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since), writes);
            since = 0;
            waitingFor = null;
        }
    }

    private String what(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException e) {
                return switch (e.getResultCode().code & 0xff) {
                    case 13 -> "free space on the disk that holds " + dbName;
                    case 8 -> dbName + " and its directory to be writable again";
                    case 5, 6 -> "another connection to " + dbName + " to let go of its lock";
                    case 7 -> "memory to write with";
                    case 14 -> dbName + " (or its -wal and -shm files) to be openable again";
                    default -> "the I/O error on " + dbName + " to clear";
                };
            }
        }
        return "the storage of " + dbName;
    }

    private static String message(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
    }
}

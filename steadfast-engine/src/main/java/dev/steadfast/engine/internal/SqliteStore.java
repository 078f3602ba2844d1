package dev.steadfast.engine.internal;

import dev.steadfast.SteadfastException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The SQLite file: one owner lock, one writer connection (behind the {@link GroupCommitWriter})
 * and a few reader connections, which WAL mode lets read while the writer commits.
 */
final class SqliteStore implements AutoCloseable {
    /** A read against one connection. */
    @FunctionalInterface
    interface Read<T> {
        T apply(SqlConnection db) throws SQLException;
    }

    private static final int READERS = 4;

    private final Path file;
    private final DatabaseLock lock;
    private final GroupCommitWriter writer;
    private final BlockingQueue<SqlConnection> readers = new ArrayBlockingQueue<>(READERS);
    private final List<SqlConnection> allReaders = new ArrayList<>();

    /** Opens {@code file} as its owner: locked, schema applied, with a writer. */
    SqliteStore(Path file, boolean synchronousFull) {
        this(file, synchronousFull, false);
    }

    /**
     * Opens {@code file}; {@code readOnly}: no lock, no writer, no schema change, and every connection
     * {@code query_only}, so another process may own the file meanwhile.
     */
    SqliteStore(Path file, boolean synchronousFull, boolean readOnly) {
        this.file = file.toAbsolutePath();
        if (readOnly) {
            if (!Files.isRegularFile(this.file)) {
                throw new SteadfastException("No Steadfast database at " + this.file
                        + "; a read-only engine opens only a file an engine has created.");
            }
            this.lock = null;
            this.writer = null;
            try {
                for (int i = 0; i < READERS; i++) {
                    SqlConnection r = open();
                    allReaders.add(r);
                    r.execute("PRAGMA query_only=ON");
                    readers.add(r);
                }
                if (!Schema.check(allReaders.get(0), this.file)) {
                    throw new SteadfastException("Database " + this.file + " has no Steadfast tables of this version"
                            + " yet; open it once with an owning engine, which creates or migrates them.");
                }
            } catch (SQLException | RuntimeException e) {
                allReaders.forEach(SqlConnection::close);
                if (e instanceof SteadfastException se) {
                    throw se;
                }
                throw new SteadfastException("Could not open " + this.file + " as a Steadfast database: " + e.getMessage(), e);
            }
            return;
        }
        try {
            Path parent = this.file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new SteadfastException("Could not create the directory of " + this.file + ": " + e.getMessage(), e);
        }
        this.lock = DatabaseLock.acquire(this.file);
        SqlConnection writeConnection = null;
        try {
            writeConnection = open();
            writeConnection.execute("PRAGMA journal_mode=WAL");
            writeConnection.execute("PRAGMA synchronous=" + (synchronousFull ? "FULL" : "NORMAL"));
            // A multi-row INSERT keeps a statement journal (the pages it changed, to undo it alone); past
            // 64 KiB SQLite spills that to a temporary file, which a group's journal rows always passed:
            // the writer wrote 2.4-3 times the bytes of the same rows inserted one by one. In memory it is a copy.
            writeConnection.execute("PRAGMA temp_store=MEMORY");
            Schema.apply(writeConnection, this.file);
            for (int i = 0; i < READERS; i++) {
                SqlConnection r = open();
                allReaders.add(r);
                readers.add(r);
            }
            this.writer = new GroupCommitWriter(writeConnection, this.file.toString());
        } catch (SQLException | RuntimeException e) {
            if (writeConnection != null) {
                writeConnection.close();
            }
            allReaders.forEach(SqlConnection::close);
            lock.close();
            if (e instanceof SteadfastException se) {
                throw se;
            }
            throw new SteadfastException("Could not open " + this.file + " as a Steadfast database: " + e.getMessage(), e);
        }
    }

    private SqlConnection open() throws SQLException {
        var config = new SQLiteConfig();
        // else sqlite-jdbc runs (and prepares anew) "SELECT last_insert_rowid()" after every INSERT; we never read it
        config.setGetGeneratedKeys(false);
        // no SQLite mutex around every call: sqlite-jdbc already serialises each connection's native
        // calls (its natives are synchronized), and the engine gives a connection one user at a time
        config.setOpenMode(SQLiteOpenMode.NOMUTEX);
        var c = new SqlConnection(DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties()));
        c.execute("PRAGMA busy_timeout=10000");
        return c;
    }

    Path file() {
        return file;
    }

    GroupCommitWriter writer() {
        return writer;
    }

    /** Runs {@code read} on a free reader connection. */
    <T> T read(Read<T> read) {
        SqlConnection db;
        try {
            db = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SteadfastException("Interrupted while waiting to read " + file, e);
        }
        try {
            return read.apply(db);
        } catch (SQLException e) {
            throw new SteadfastException("Could not read " + file + ": " + e.getMessage(), e);
        } finally {
            readers.add(db);
        }
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
        allReaders.forEach(SqlConnection::close);
        if (lock != null) {
            lock.close();
        }
    }
}

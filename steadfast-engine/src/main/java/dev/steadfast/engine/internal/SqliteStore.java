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
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteOpenMode;

/**
 * The SQLite file: one owner lock, one writer connection (behind the {@link GroupCommitWriter})
 * and a few reader connections, which WAL mode lets read while the writer commits. Opened by its
 * owner ({@link #openOwned}), or beside an owner to read only ({@link #openReadOnly}: readers alone).
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
    private final BlockingQueue<SqlConnection> readers;
    private final List<SqlConnection> allReaders;

    private SqliteStore(Path file, DatabaseLock lock, GroupCommitWriter writer, List<SqlConnection> readers) {
        this.file = file;
        this.lock = lock;
        this.writer = writer;
        this.allReaders = List.copyOf(readers);
        this.readers = new ArrayBlockingQueue<>(READERS, false, readers);
    }

    /**
     * Opens {@code file} as its owner: created if missing, locked, checked to be ours (or new) before
     * anything is written to it, schema applied, this owner's epoch taken ({@link OwnerFence}), with a
     * writer.
     */
    static SqliteStore openOwned(Path file, boolean synchronousFull) {
        Path path = DatabaseFiles.canonical(file);
        createDirectoryOf(path);
        DatabaseFiles.checkOwnable(path);
        DatabaseLock lock = DatabaseLock.acquire(path, () -> OwnerFence.currentHolder(path));
        var opened = new ArrayList<SqlConnection>();
        try {
            SqlConnection writeConnection = connect(path, false);
            opened.add(writeConnection);
            Schema.check(writeConnection, path); // a foreign file is refused before WAL mode changes it
            writeConnection.execute("PRAGMA journal_mode=WAL");
            writeConnection.execute("PRAGMA synchronous=" + (synchronousFull ? "FULL" : "NORMAL"));
            // A multi-row INSERT keeps a statement journal (the pages it changed, to undo it alone); past
            // 64 KiB SQLite spills that to a temporary file, which a group's journal rows always passed, and the
            // writer wrote many times the bytes of the same rows inserted one by one (see BENCHMARKS.md, findings
            // referenced from code: temp_store). In memory it is a copy.
            writeConnection.execute("PRAGMA temp_store=MEMORY");
            Schema.apply(writeConnection, path);
            long epoch = OwnerFence.claim(writeConnection);
            List<SqlConnection> readers = connectReaders(path, false, opened);
            return new SqliteStore(path, lock, new GroupCommitWriter(writeConnection, path.toString(), epoch), readers);
        } catch (SQLException | RuntimeException e) {
            opened.forEach(SqlConnection::close);
            lock.close();
            throw openFailure(path, e);
        }
    }

    /**
     * Opens an existing {@code file} to record steering (starts, signals, decisions, cancels, forks)
     * beside whichever process owns it: no lock, a writer of its own (SQLite serialises it with the
     * owner's), readers. The owner hears of what it writes through its {@link Inbox}. A file of an older
     * schema is migrated only when no one owns it (the lock is taken for that, and given back).
     */
    static SqliteStore openSteering(Path file, boolean synchronousFull) {
        Path path = DatabaseFiles.canonical(file);
        if (!Files.isRegularFile(path)) {
            throw new SteadfastException("No Steadfast database at " + path
                    + "; runs are steered in a file an engine has created (open it once with an owning engine).");
        }
        DatabaseFiles.checkWritable(path, "steer runs in");
        var opened = new ArrayList<SqlConnection>();
        try {
            SqlConnection writeConnection = connect(path, false);
            opened.add(writeConnection);
            writeConnection.execute("PRAGMA synchronous=" + (synchronousFull ? "FULL" : "NORMAL"));
            writeConnection.execute("PRAGMA temp_store=MEMORY");
            if (!Schema.check(writeConnection, path)) {
                try (DatabaseLock lock = DatabaseLock.acquire(path, () -> OwnerFence.currentHolder(path))) {
                    writeConnection.execute("PRAGMA journal_mode=WAL");
                    Schema.apply(writeConnection, path);
                }
            }
            List<SqlConnection> readers = connectReaders(path, false, opened);
            return new SqliteStore(path, null, new GroupCommitWriter(writeConnection, path.toString()), readers);
        } catch (SQLException | RuntimeException e) {
            opened.forEach(SqlConnection::close);
            throw openFailure(path, e);
        }
    }

    /**
     * Opens an existing {@code file} to read only: no lock, no writer, no schema change, and every
     * connection {@code query_only}, so another process may own the file meanwhile. In a directory
     * this process cannot write, a file with no write-ahead log is opened immutable (SQLite could not
     * create its shared-memory file there, and nobody can be writing it).
     */
    static SqliteStore openReadOnly(Path file) {
        Path path = DatabaseFiles.canonical(file);
        if (!Files.isRegularFile(path)) {
            throw new SteadfastException("No Steadfast database at " + path
                    + "; a read-only engine opens only a file an engine has created.");
        }
        boolean immutable = DatabaseFiles.needsImmutable(path);
        var opened = new ArrayList<SqlConnection>();
        try {
            List<SqlConnection> readers = connectReaders(path, immutable, opened);
            for (SqlConnection r : readers) {
                r.execute("PRAGMA query_only=ON");
            }
            if (!Schema.check(readers.get(0), path)) {
                throw new SteadfastException("Database " + path + " has no Steadfast tables of this version"
                        + " yet; open it once with an owning engine, which creates or migrates them.");
            }
            return new SqliteStore(path, null, null, readers);
        } catch (SQLException | RuntimeException e) {
            opened.forEach(SqlConnection::close);
            throw openFailure(path, e);
        }
    }

    private static void createDirectoryOf(Path file) {
        try {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new SteadfastException("Could not create the directory of " + file + ": " + e.getMessage(), e);
        }
    }

    /** The reader connections, each also added to {@code opened} as soon as it is open, for closing on a failure. */
    private static List<SqlConnection> connectReaders(Path file, boolean immutable, List<SqlConnection> opened)
            throws SQLException {
        var readers = new ArrayList<SqlConnection>(READERS);
        for (int i = 0; i < READERS; i++) {
            SqlConnection r = connect(file, immutable);
            opened.add(r);
            readers.add(r);
        }
        return readers;
    }

    private static SqlConnection connect(Path file, boolean immutable) throws SQLException {
        var config = new SQLiteConfig();
        // else sqlite-jdbc runs (and prepares anew) "SELECT last_insert_rowid()" after every INSERT; we never read it
        config.setGetGeneratedKeys(false);
        // no SQLite mutex around every call: sqlite-jdbc already serialises each connection's native
        // calls (its natives are synchronized), and the engine gives a connection one user at a time
        config.setOpenMode(SQLiteOpenMode.NOMUTEX);
        String url = "jdbc:sqlite:" + file;
        if (immutable) {
            config.resetOpenMode(SQLiteOpenMode.READWRITE);
            config.resetOpenMode(SQLiteOpenMode.CREATE);
            config.setOpenMode(SQLiteOpenMode.READONLY);
            config.setOpenMode(SQLiteOpenMode.OPEN_URI);
            url = "jdbc:sqlite:" + file.toUri().toString().replace("file:///", "file:/") + "?immutable=1";
        }
        var c = new SqlConnection(DriverManager.getConnection(url, config.toProperties()));
        c.execute("PRAGMA busy_timeout=10000");
        return c;
    }

    private static SteadfastException openFailure(Path file, Exception e) {
        if (e instanceof SteadfastException se) {
            return se;
        }
        if (e instanceof org.sqlite.SQLiteException se && se.getResultCode() == SQLiteErrorCode.SQLITE_NOTADB) {
            return new SteadfastException("File " + file + " is not a SQLite database; it was left untouched."
                    + " Open a new file, or the one your engine created.", e);
        }
        return new SteadfastException("Could not open " + file + " as a Steadfast database: " + e.getMessage(), e);
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

    /**
     * Lets go of the OS lock while keeping everything else open: what a lost lock looks like (the
     * fallback lock file deleted, a network file system's lease expired). For the tests of the fence.
     */
    void releaseOsLock() {
        if (lock != null) {
            lock.close();
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

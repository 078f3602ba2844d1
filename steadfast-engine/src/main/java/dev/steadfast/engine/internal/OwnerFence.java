package dev.steadfast.engine.internal;

import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Properties;

/**
 * Fences stale owners at the database itself. Each owner takes the next epoch of the
 * {@code engine_owner} row when it opens the file; the writer reads that row first thing in every
 * transaction it commits ({@link #check}) and aborts the transaction if the epoch moved on. The read
 * is inside the transaction it guards: SQLite gives a write transaction the latest snapshot or
 * fails it (a commit by another connection after its read makes its first write fail with
 * {@code SQLITE_BUSY_SNAPSHOT}, and it is tried again), so an owner whose OS lock went away (see
 * {@link DatabaseLock}) while another took the file can never commit again: its writes fail with
 * {@link #MARKER}, and the writer stops it ({@link OwnershipLostError}). One indexed read per
 * transaction, shared by every write of the group, and no transaction or fsync of its own. (TEMP
 * triggers on each table were tried first: they cost a lookup per journal row, and a group of a
 * thousand rows lost a fifth of its throughput.)
 */
final class OwnerFence {
    /** In the message of a write the fence refused. */
    static final String MARKER = "steadfast-fence: this engine no longer owns the database";

    private OwnerFence() {}

    /** Takes the next epoch for this process on {@code db} (in autocommit mode); returns it. */
    static long claim(SqlConnection db) throws SQLException {
        db.execute("BEGIN IMMEDIATE");
        try {
            db.update("UPDATE engine_owner SET epoch = epoch + 1, holder = ?, since = ? WHERE id = 1", thisProcess(),
                    System.currentTimeMillis());
            long epoch = db.queryOne("SELECT epoch FROM engine_owner WHERE id = 1", rs -> rs.getLong(1)).orElseThrow();
            db.execute("COMMIT");
            return epoch;
        } catch (SQLException | RuntimeException e) {
            db.execute("ROLLBACK");
            throw e;
        }
    }

    /** Throws (with {@link #MARKER}) unless the open transaction on {@code db} sees {@code epoch} as the owner's. */
    static void check(SqlConnection db, long epoch) throws SQLException {
        long now = db.queryOne("SELECT epoch FROM engine_owner WHERE id = 1", rs -> rs.getLong(1)).orElse(-1L);
        if (now != epoch) {
            throw new SQLException(MARKER + " (this engine opened it as owner #" + epoch + "; the file is now owner #"
                    + now + "'s)");
        }
    }

    /** Who owns the file now, as read through {@code db}; "holder unknown" when that cannot be read. */
    static String holder(SqlConnection db) {
        try {
            return db.queryOne("SELECT holder FROM engine_owner WHERE id = 1", rs -> rs.getString(1))
                    .orElse("holder unknown");
        } catch (SQLException | RuntimeException e) {
            return "holder unknown";
        }
    }

    /** Whether {@code failure} is a write the fence refused. */
    static boolean refused(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(MARKER)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Who owns {@code file} now, as its owner recorded it, for the message of an engine refused entry
     * (read through a read-only connection of its own); "holder unknown" when nothing says.
     */
    static String currentHolder(Path file) {
        var props = new Properties();
        props.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file, props);
             var rs = c.createStatement().executeQuery("SELECT holder, epoch FROM engine_owner WHERE id = 1")) {
            if (rs.next() && !rs.getString(1).isEmpty()) {
                return rs.getString(1) + ", owner #" + rs.getLong(2) + " of this file";
            }
        } catch (SQLException e) {
            // an older file, or one being created: nothing recorded
        }
        return "holder unknown";
    }

    private static String thisProcess() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown host";
        }
        return "pid " + ProcessHandle.current().pid() + " on " + host + ", since " + Instant.now();
    }
}

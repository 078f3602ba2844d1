package dev.steadfast.engine.internal;

import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

/**
 * Fences stale owners at the database itself. Each owner takes the next epoch of the
 * {@code engine_owner} row when it opens the file, and installs (on its writer connection only)
 * TEMP triggers that abort any change to the runs, journal, signals or timers unless that row still
 * holds its epoch. The check runs inside SQLite, in the same transaction as the write it guards, so
 * it costs no extra statement per step; and an owner whose OS lock went away (see
 * {@link DatabaseLock}) while another took the file can never commit again: its writes abort with
 * {@link #MARKER}, and the writer stops it ({@link OwnershipLostError}).
 */
final class OwnerFence {
    /** In the message of a write the fence refused. */
    static final String MARKER = "steadfast-fence: this engine no longer owns the database";

    private static final List<String> GUARDED = List.of(
            "INSERT ON main.steps", "UPDATE ON main.steps", "INSERT ON main.runs", "UPDATE ON main.runs",
            "INSERT ON main.signals", "UPDATE ON main.signals", "INSERT ON main.timers", "DELETE ON main.timers");

    private OwnerFence() {}

    /** Takes the next epoch for this process on {@code db} (in autocommit mode) and guards its writes; returns it. */
    static long claim(SqlConnection db) throws SQLException {
        db.execute("BEGIN IMMEDIATE");
        long epoch;
        try {
            db.update("UPDATE engine_owner SET epoch = epoch + 1, holder = ?, since = ? WHERE id = 1", holder(),
                    System.currentTimeMillis());
            epoch = db.queryOne("SELECT epoch FROM engine_owner WHERE id = 1", rs -> rs.getLong(1)).orElseThrow();
            db.execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
            db.execute("ROLLBACK");
            throw e;
        }
        for (int i = 0; i < GUARDED.size(); i++) {
            db.execute("CREATE TEMP TRIGGER fence_" + i + " BEFORE " + GUARDED.get(i)
                    + " WHEN (SELECT epoch FROM main.engine_owner WHERE id = 1) IS NOT " + epoch
                    + " BEGIN SELECT RAISE(ABORT, '" + MARKER + "'); END");
        }
        return epoch;
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

    private static String holder() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown host";
        }
        return "pid " + ProcessHandle.current().pid() + " on " + host + ", since " + Instant.now();
    }
}

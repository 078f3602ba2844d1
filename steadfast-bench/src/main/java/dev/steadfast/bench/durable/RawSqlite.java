package dev.steadfast.bench.durable;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * The floor the embedded engine is measured against: the same sqlite-jdbc, WAL mode, the same
 * {@code synchronous} setting, a file in the same directory, and the engine's own journal table
 * (schema v2's {@code steps}, declared here as the engine declares it) receiving the row the
 * engine writes for a completed step: run id, sequence number, name, kind, status, attempts, JSON
 * output and two timestamps, the other columns left NULL. Nothing else: no thread hand-off, no JSON
 * encoding, no replay bookkeeping, no run rows.
 *
 * <pre>{@code
 * try (var raw = RawSqlite.open(dir.resolve("floor.db"), true)) {
 *     long nanos = raw.commitOne("run-1", 1, "\"v\"");   // one autocommitted single-row insert
 * }
 * }</pre>
 */
public final class RawSqlite implements AutoCloseable {
    private final Connection db;
    private final PreparedStatement insert;

    private RawSqlite(Connection db) throws SQLException {
        this.db = db;
        this.insert = db.prepareStatement("INSERT OR REPLACE INTO steps (run_id, seq, name, kind, status, attempts,"
                + " output, started_at, ended_at) VALUES (?,?,?,?,?,?,?,?,?)");
    }

    /** Opens (creating) {@code file} in WAL mode with {@code synchronous=FULL} or {@code NORMAL}. */
    public static RawSqlite open(Path file, boolean full) {
        try {
            var config = new SQLiteConfig();
            config.setGetGeneratedKeys(false); // as the engine does: no "SELECT last_insert_rowid()" after each insert
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=" + (full ? "FULL" : "NORMAL"));
                st.execute("""
                        CREATE TABLE IF NOT EXISTS steps (
                          run_id TEXT NOT NULL, seq INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
                          status TEXT NOT NULL, attempts INTEGER NOT NULL, input TEXT, output TEXT, error TEXT,
                          failed_attempts TEXT, started_at INTEGER, ended_at INTEGER, wait_key TEXT, wake_at INTEGER,
                          usage TEXT, cost TEXT, PRIMARY KEY (run_id, seq))""");
            }
            return new RawSqlite(c);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not open " + file + ": " + e.getMessage(), e);
        }
    }

    /** Inserts one row in a transaction of its own (autocommit) and returns how long it took, in nanoseconds. */
    public long commitOne(String runId, int seq, String output) {
        long t0 = System.nanoTime();
        try {
            bind(runId, seq, output);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("raw insert failed: " + e.getMessage(), e);
        }
        return System.nanoTime() - t0;
    }

    /** {@code count} single-row commits one after another ({@link #commitOne}); the total nanoseconds. */
    public long commitMany(String runId, int count) {
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += commitOne(runId, i, "\"xxxxxxxxxxxxxxxx\"");
        }
        return total;
    }

    /**
     * Inserts {@code runs × steps} rows in transactions of {@code runs} rows each (one per step
     * round, the best a group commit of {@code runs} concurrent runs could do) and returns the
     * elapsed nanoseconds.
     */
    public long insertBatched(String prefix, int runs, int steps, String output) {
        long t0 = System.nanoTime();
        try {
            db.setAutoCommit(false);
            for (int s = 1; s <= steps; s++) {
                for (int r = 0; r < runs; r++) {
                    bind(prefix + r, s, output);
                    insert.addBatch();
                }
                insert.executeBatch();
                db.commit();
            }
            db.setAutoCommit(true);
        } catch (SQLException e) {
            throw new IllegalStateException("raw batched insert failed: " + e.getMessage(), e);
        }
        return System.nanoTime() - t0;
    }

    private void bind(String runId, int seq, String output) throws SQLException {
        long now = System.currentTimeMillis();
        insert.setString(1, runId);
        insert.setInt(2, seq);
        insert.setString(3, "step");
        insert.setString(4, "STEP");
        insert.setString(5, "COMPLETED");
        insert.setInt(6, 1);
        insert.setString(7, output);
        insert.setLong(8, now);
        insert.setLong(9, now);
    }

    @Override
    public void close() {
        try {
            insert.close();
            db.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}

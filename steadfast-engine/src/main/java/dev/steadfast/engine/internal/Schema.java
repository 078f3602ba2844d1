package dev.steadfast.engine.internal;

import dev.steadfast.SteadfastException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * The database layout and its versions. A Steadfast database carries our {@code application_id}
 * and its schema version in {@code user_version}; migrations are code, applied in order on open.
 * A file of another application, or of a newer Steadfast, is refused untouched.
 */
final class Schema {
    /** "STDF". */
    static final int APPLICATION_ID = 0x53544446;

    static final int VERSION = 8;

    private static final List<List<String>> MIGRATIONS = List.of(
            List.of( // version 1
                    """
                    CREATE TABLE runs (
                      id TEXT PRIMARY KEY,
                      type TEXT NOT NULL,
                      status TEXT NOT NULL,
                      input TEXT,
                      output TEXT,
                      error TEXT,
                      created_at INTEGER NOT NULL,
                      updated_at INTEGER NOT NULL,
                      ended_at INTEGER,
                      seed INTEGER NOT NULL,
                      forked_from TEXT,
                      cancel_requested INTEGER NOT NULL DEFAULT 0)""",
                    "CREATE INDEX runs_by_status ON runs(status)",
                    "CREATE INDEX runs_by_created ON runs(created_at)",
                    """
                    CREATE TABLE steps (
                      run_id TEXT NOT NULL,
                      seq INTEGER NOT NULL,
                      name TEXT NOT NULL,
                      kind TEXT NOT NULL,
                      status TEXT NOT NULL,
                      attempts INTEGER NOT NULL,
                      input TEXT,
                      output TEXT,
                      error TEXT,
                      failed_attempts TEXT,
                      started_at INTEGER,
                      ended_at INTEGER,
                      wait_key TEXT,
                      wake_at INTEGER,
                      usage TEXT,
                      cost TEXT,
                      PRIMARY KEY (run_id, seq)) WITHOUT ROWID""",
                    """
                    CREATE TABLE signals (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      run_id TEXT NOT NULL,
                      name TEXT NOT NULL,
                      payload TEXT,
                      received_at INTEGER NOT NULL,
                      consumed_seq INTEGER)""",
                    "CREATE INDEX signals_pending ON signals(run_id, name, consumed_seq, id)",
                    """
                    CREATE TABLE timers (
                      run_id TEXT PRIMARY KEY,
                      wake_at INTEGER NOT NULL)""",
                    "CREATE INDEX timers_by_wake ON timers(wake_at)"),
            // version 2: the journal as a rowid table. WITHOUT ROWID keeps rows in an index b-tree, where a
            // row over ~1,000 bytes (a 1 KB step result) spills into an overflow page of its own; a rowid
            // table keeps rows up to ~4 KB in the leaf (file per step: see BENCHMARKS.md, findings
            // referenced from code: journal layout).
            List.of(
                    """
                    CREATE TABLE steps_v2 (
                      run_id TEXT NOT NULL,
                      seq INTEGER NOT NULL,
                      name TEXT NOT NULL,
                      kind TEXT NOT NULL,
                      status TEXT NOT NULL,
                      attempts INTEGER NOT NULL,
                      input TEXT,
                      output TEXT,
                      error TEXT,
                      failed_attempts TEXT,
                      started_at INTEGER,
                      ended_at INTEGER,
                      wait_key TEXT,
                      wake_at INTEGER,
                      usage TEXT,
                      cost TEXT,
                      PRIMARY KEY (run_id, seq))""",
                    "INSERT INTO steps_v2 SELECT run_id, seq, name, kind, status, attempts, input, output, error,"
                            + " failed_attempts, started_at, ended_at, wait_key, wake_at, usage, cost FROM steps",
                    "DROP TABLE steps",
                    "ALTER TABLE steps_v2 RENAME TO steps"),
            // version 3: no change of layout, but the input, output and error columns of steps may hold a BLOB, the
            // compressed JSON of a large payload (PayloadCompression). An older Steadfast would misread one as text, so
            // the version goes up: it refuses the file instead. Version 2 rows (all text) are read as they are.
            List.of(),
            // version 4: who owns the file, and since when, as a generation number (OwnerFence). Each owner takes the
            // next epoch on open; its writes check it in the same transaction, so a stale owner can never commit.
            List.of("""
                    CREATE TABLE engine_owner (
                      id INTEGER PRIMARY KEY CHECK (id = 1),
                      epoch INTEGER NOT NULL,
                      holder TEXT NOT NULL,
                      since INTEGER NOT NULL)""", "INSERT INTO engine_owner (id, epoch, holder, since) VALUES (1, 0, '', 0)"),
            // version 5: decisions, the record of who steered a run (answers, signals, cancels, starts, forks) and
            // the inbox of the process that owns the file: another process records a decision here, and the
            // owner, which polls the highest id, acts on it (Inbox).
            List.of("""
                    CREATE TABLE decisions (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      run_id TEXT NOT NULL,
                      kind TEXT NOT NULL,
                      target TEXT,
                      payload TEXT,
                      decided_by TEXT,
                      decided_at INTEGER NOT NULL)""", "CREATE INDEX decisions_by_run ON decisions(run_id, kind, target)"),
            List.of( // version 6: each run's trace context (a W3C traceparent), so a resumed run reports into its trace
                    "CREATE TABLE run_traces (run_id TEXT PRIMARY KEY, trace_context TEXT NOT NULL) WITHOUT ROWID"),
            // version 7: child runs (an agent delegated to) name the run that started them, so each side finds the
            // other.
            List.of("ALTER TABLE runs ADD COLUMN parent_id TEXT", "CREATE INDEX runs_by_parent ON runs(parent_id)"),
            // version 8: schedules (Scheduler). A schedule's cursor (next_slot) moves in the transaction that inserts
            // the slot's run, whose START decision names the schedule as who started it (hence the index by actor).
            List.of(
                    """
                    CREATE TABLE schedules (
                      id TEXT PRIMARY KEY,
                      workflow_type TEXT NOT NULL,
                      input TEXT,
                      cron TEXT,
                      zone TEXT,
                      every_ms INTEGER,
                      offset_ms INTEGER,
                      overlap TEXT NOT NULL,
                      catch_up TEXT NOT NULL,
                      jitter_ms INTEGER NOT NULL,
                      paused INTEGER NOT NULL,
                      next_slot INTEGER,
                      fire_at INTEGER,
                      last_slot INTEGER,
                      last_run_id TEXT,
                      buffered_slot INTEGER,
                      version INTEGER NOT NULL,
                      created_at INTEGER NOT NULL)""",
                    "CREATE INDEX schedules_by_fire ON schedules(fire_at)",
                    "CREATE INDEX decisions_by_actor ON decisions(decided_by, kind)"));

    private Schema() {}

    /** Creates or migrates the schema of {@code db}, or refuses a file that is not ours. */
    static void apply(SqlConnection db, Path file) throws SQLException {
        if (check(db, file)) {
            return;
        }
        int version = db.queryOne("PRAGMA user_version", rs -> rs.getInt(1)).orElse(0);
        boolean auto = db.jdbc().getAutoCommit();
        db.jdbc().setAutoCommit(false);
        try {
            for (int v = version; v < VERSION; v++) {
                for (String sql : MIGRATIONS.get(v)) {
                    db.execute(sql);
                }
            }
            db.execute("PRAGMA application_id = " + APPLICATION_ID);
            db.execute("PRAGMA user_version = " + VERSION);
            db.jdbc().commit();
        } catch (SQLException e) {
            db.jdbc().rollback();
            throw e;
        } finally {
            db.jdbc().setAutoCommit(auto);
        }
    }

    /**
     * Whether {@code db} holds today's schema ({@code false}: it is empty or older, and {@link #apply}
     * would migrate it); refuses a file of another application or of a newer Steadfast.
     */
    static boolean check(SqlConnection db, Path file) throws SQLException {
        int appId = db.queryOne("PRAGMA application_id", rs -> rs.getInt(1)).orElse(0);
        int version = db.queryOne("PRAGMA user_version", rs -> rs.getInt(1)).orElse(0);
        int tables = db.queryOne("SELECT count(*) FROM sqlite_master", rs -> rs.getInt(1))
                .orElse(0);
        if (appId != APPLICATION_ID && (appId != 0 || tables > 0 || version != 0)) {
            throw new SteadfastException("Database " + file + " is not a Steadfast database (it holds " + tables
                    + " objects of another application). Open a new file, or the one your engine created.");
        }
        if (version > VERSION) {
            throw new SteadfastException("Database " + file + " has schema version " + version
                    + ", written by a newer Steadfast; this one understands versions up to " + VERSION
                    + ". Upgrade Steadfast to open it.");
        }
        return version == VERSION;
    }
}

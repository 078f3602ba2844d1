package dev.steadfast.engine.internal;

import dev.steadfast.run.Decision;
import dev.steadfast.run.RunQuery;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepKind;
import dev.steadfast.run.StepStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The SQL of the engine's tables: runs, steps (the journal), signals, timers and decisions. */
final class Tables {
    private Tables() {}

    // ---- runs

    private static final String RUN_COLUMNS = "id, type, status, input, output, error, created_at, updated_at,"
            + " ended_at, seed, forked_from, cancel_requested, parent_id";

    static boolean insertRun(SqlConnection db, RunRow r) throws SQLException {
        return db.update(
                        "INSERT OR IGNORE INTO runs (" + RUN_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        r.id(),
                        r.type(),
                        r.status(),
                        r.input(),
                        r.output(),
                        r.error(),
                        r.createdAt(),
                        r.updatedAt(),
                        r.endedAt(),
                        r.seed(),
                        r.forkedFrom(),
                        r.cancelRequested(),
                        r.parentId())
                == 1;
    }

    /** The child runs {@code parentId} started, in the order it started them (their ids end in the journal place). */
    static List<RunRow> children(SqlConnection db, String parentId) throws SQLException {
        return db.query(
                "SELECT " + RUN_COLUMNS
                        + " FROM runs WHERE parent_id = ?" // in the order the parent started them: <parent>.c<seq>
                        + " ORDER BY CAST(substr(id, length(parent_id) + 3) AS INTEGER), rowid",
                Tables::runRow,
                parentId);
    }

    static Optional<RunRow> run(SqlConnection db, String id) throws SQLException {
        return db.queryOne("SELECT " + RUN_COLUMNS + " FROM runs WHERE id = ?", Tables::runRow, id);
    }

    /** Where run {@code id} stands: status, output and error only (what {@code result()} needs; not the input). */
    static Optional<RunEnd.Ended> runOutcome(SqlConnection db, String id) throws SQLException {
        return db.queryOne(
                "SELECT status, output, error FROM runs WHERE id = ?",
                rs -> new RunEnd.Ended(RunStatus.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3)),
                id);
    }

    static void setRunStatus(SqlConnection db, String id, RunStatus status, long now) throws SQLException {
        db.update(
                "UPDATE runs SET status = ?, updated_at = ? WHERE id = ? AND status NOT IN ('COMPLETED','FAILED','CANCELLED')",
                status,
                now,
                id);
    }

    /** Ends run {@code id}; {@code clearTimer}: it may hold a timer row, which goes with it. */
    static void finishRun(
            SqlConnection db, String id, RunStatus status, String output, String error, long now, boolean clearTimer)
            throws SQLException {
        db.update(
                "UPDATE runs SET status = ?, output = ?, error = ?, updated_at = ?, ended_at = ? WHERE id = ?",
                status,
                output,
                error,
                now,
                now,
                id);
        if (clearTimer) {
            clearTimer(db, id);
        }
    }

    static void setRunError(SqlConnection db, String id, String error, long now) throws SQLException {
        db.update("UPDATE runs SET error = ?, updated_at = ? WHERE id = ?", error, now, id);
    }

    static void requestCancel(SqlConnection db, String id, long now) throws SQLException {
        db.update("UPDATE runs SET cancel_requested = 1, updated_at = ? WHERE id = ?", now, id);
    }

    static List<String> runIdsWithStatus(SqlConnection db, RunStatus status) throws SQLException {
        return db.query("SELECT id FROM runs WHERE status = ? ORDER BY created_at", rs -> rs.getString(1), status);
    }

    /** Waiting runs that have something to wake for: a signal or decision they wait on, or a cancel. */
    static List<String> wakeableWaitingRuns(SqlConnection db) throws SQLException {
        return db.query("""
                SELECT r.id FROM runs r WHERE r.status = 'WAITING' AND (r.cancel_requested = 1 OR EXISTS (
                  SELECT 1 FROM steps s JOIN signals g ON g.run_id = s.run_id AND g.name = s.wait_key
                  WHERE s.run_id = r.id AND s.status = 'WAITING' AND g.consumed_seq IS NULL))""", rs -> rs.getString(1));
    }

    static List<RunRow> listRuns(SqlConnection db, RunQuery q) throws SQLException {
        var sql = new StringBuilder("SELECT " + RUN_COLUMNS + " FROM runs WHERE 1=1");
        var args = new ArrayList<Object>();
        if (!q.statuses().isEmpty()) {
            sql.append(" AND status IN (")
                    .append("?,".repeat(q.statuses().size() - 1))
                    .append("?)");
            q.statuses().stream().sorted().forEach(args::add);
        }
        if (q.workflowType() != null) {
            sql.append(" AND type = ?");
            args.add(q.workflowType());
        }
        if (q.idContains() != null) {
            sql.append(" AND instr(id, ?) > 0");
            args.add(q.idContains());
        }
        if (!q.includeChildren()) {
            sql.append(" AND parent_id IS NULL");
        }
        if (q.createdAfter() != null) {
            sql.append(" AND created_at >= ?");
            args.add(q.createdAfter().toEpochMilli());
        }
        if (q.createdBefore() != null) {
            sql.append(" AND created_at < ?");
            args.add(q.createdBefore().toEpochMilli());
        }
        sql.append(" ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?");
        args.add(q.limit());
        args.add(q.offset());
        return db.query(sql.toString(), Tables::runRow, args.toArray());
    }

    /** A row of {@link #RUN_COLUMNS}, read by position (sqlite-jdbc's lookup by name costs more than the read). */
    private static RunRow runRow(ResultSet rs) throws SQLException {
        return new RunRow(
                rs.getString(1),
                rs.getString(2),
                RunStatus.valueOf(rs.getString(3)),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getLong(7),
                rs.getLong(8),
                SqlConnection.nullableLong(rs, 9),
                rs.getLong(10),
                rs.getString(11),
                rs.getInt(12) != 0,
                rs.getString(13));
    }

    // ---- steps

    private static final String STEP_COLUMNS = "seq, name, kind, status, attempts, input, output, error,"
            + " failed_attempts, started_at, ended_at, wait_key, wake_at, usage, cost";

    /** The columns a step's row may leave NULL, in {@link #STEP_COLUMNS} order. */
    private static final String[] NULLABLE = {
        "input", "output", "error", "failed_attempts", "started_at", "ended_at", "wait_key", "wake_at", "usage", "cost"
    };
    /** The most rows one INSERT carries; {@link #putSteps} splits longer lists. */
    static final int MAX_ROWS_PER_INSERT = 32;
    /** The INSERT of 2^k rows of each shape, at {@code shape * 6 + k}; filled as met. */
    private static final String[] PUT_SQL = new String[(1 << NULLABLE.length) * 6];

    /**
     * A journal row ready to bind: its non-null values in column order, large payloads compressed
     * ({@link PayloadCompression}), and its shape (which of the nullable columns it fills). Only non-null columns are named in the INSERT, since a step's row
     * is mostly NULLs and every bound value is a call into SQLite; REPLACE leaves the others NULL.
     */
    record StepValues(int shape, Object[] values) {
        static StepValues of(String runId, StepRow s) {
            Object[] nullable = {
                PayloadCompression.stored(s.input()),
                PayloadCompression.stored(s.output()),
                PayloadCompression.stored(s.error()),
                s.failedAttempts(),
                s.startedAt(),
                s.endedAt(),
                s.waitKey(),
                s.wakeAt(),
                s.usage(),
                s.cost()
            };
            Object[] values = new Object[6 + nullable.length];
            values[0] = runId;
            values[1] = s.seq();
            values[2] = s.name();
            values[3] = s.kind();
            values[4] = s.status();
            values[5] = s.attempts();
            int count = 6;
            int shape = 0;
            for (int i = 0; i < nullable.length; i++) {
                if (nullable[i] != null) {
                    shape |= 1 << i;
                    values[count++] = nullable[i];
                }
            }
            return new StepValues(shape, Arrays.copyOf(values, count));
        }
    }

    /** Records (or advances) journal entry {@code s.seq()} of run {@code runId}. */
    static void putStep(SqlConnection db, String runId, StepRow s) throws SQLException {
        putSteps(db, List.of(StepValues.of(runId, s)));
    }

    /**
     * Records journal rows that all have one shape, in order, as few multi-row INSERTs (runs of
     * 32, 16, ... 1 rows): each statement costs a round of calls into SQLite, whatever its rows.
     */
    static void putSteps(SqlConnection db, List<StepValues> rows) throws SQLException {
        int shape = rows.get(0).shape();
        int done = 0;
        while (done < rows.size()) {
            int k = 31 - Integer.numberOfLeadingZeros(Math.min(rows.size() - done, MAX_ROWS_PER_INSERT));
            int n = 1 << k;
            int width = rows.get(done).values().length;
            Object[] args = new Object[n * width];
            for (int i = 0; i < n; i++) {
                StepValues v = rows.get(done + i);
                if (v.shape() != shape) {
                    throw new IllegalArgumentException("journal rows of different shapes in one insert");
                }
                System.arraycopy(v.values(), 0, args, i * width, width);
            }
            int slot = shape * 6 + k;
            String sql = PUT_SQL[slot];
            if (sql == null) {
                sql = putSql(shape, n);
                PUT_SQL[slot] = sql; // a benign race: every thread computes the same text
            }
            db.update(sql, args);
            done += n;
        }
    }

    private static String putSql(int shape, int rows) {
        var columns = new StringBuilder("run_id, seq, name, kind, status, attempts");
        for (int i = 0; i < NULLABLE.length; i++) {
            if ((shape & 1 << i) != 0) {
                columns.append(", ").append(NULLABLE[i]);
            }
        }
        String row = "(?,?,?,?,?,?" + ",?".repeat(Integer.bitCount(shape)) + ")";
        return "INSERT OR REPLACE INTO steps (" + columns + ") VALUES "
                + String.join(",", Collections.nCopies(rows, row));
    }

    static List<StepRow> steps(SqlConnection db, String runId) throws SQLException {
        return db.query("SELECT " + STEP_COLUMNS + " FROM steps WHERE run_id = ? ORDER BY seq", Tables::stepRow, runId);
    }

    /** The position of run {@code runId}'s last journal entry; 0 for none. */
    static int lastSeq(SqlConnection db, String runId) throws SQLException {
        return db.queryOne("SELECT max(seq) FROM steps WHERE run_id = ?", rs -> rs.getInt(1), runId)
                .orElse(0);
    }

    /**
     * Streams run {@code runId}'s journal up to entry {@code lastSeq} to {@code sink}, as replay
     * needs it: a completed entry carries only its output, a failed one only its error (replay
     * returns or rethrows them and never rewrites the entry), and comes as a {@link CompressedStepRow}
     * when that is stored compressed; an entry still open (running, retrying, waiting) comes whole, as
     * a {@link StepRow}, for the execution resumes and rewrites it.
     */
    static void journal(SqlConnection db, String runId, int lastSeq, SqlConnection.RowSink<Object> sink)
            throws SQLException {
        db.forEach(
                "SELECT " + STEP_COLUMNS + " FROM steps WHERE run_id = ? AND seq <= ? ORDER BY seq",
                Tables::journalRow,
                sink,
                runId,
                lastSeq);
    }

    static List<StepRow> waitingSteps(SqlConnection db, String runId) throws SQLException {
        return db.query(
                "SELECT " + STEP_COLUMNS + " FROM steps WHERE run_id = ? AND status = 'WAITING' ORDER BY seq",
                Tables::stepRow,
                runId);
    }

    static int stepCount(SqlConnection db, String runId) throws SQLException {
        return db.queryOne("SELECT count(*) FROM steps WHERE run_id = ?", rs -> rs.getInt(1), runId)
                .orElse(0);
    }

    /** Usage and cost columns of the steps that have them, as {@code [usage, cost]} pairs. */
    static List<String[]> stepMetrics(SqlConnection db, String runId) throws SQLException {
        return db.query(
                "SELECT usage, cost FROM steps WHERE run_id = ? AND (usage IS NOT NULL OR cost IS NOT NULL)",
                rs -> new String[] {rs.getString(1), rs.getString(2)},
                runId);
    }

    static void copySteps(SqlConnection db, String fromRun, String toRun, int beforeSeq) throws SQLException {
        db.update(
                "INSERT INTO steps (run_id, " + STEP_COLUMNS + ") SELECT ?, " + STEP_COLUMNS
                        + " FROM steps WHERE run_id = ? AND seq < ?",
                toRun,
                fromRun,
                beforeSeq);
    }

    /** A row of {@link #STEP_COLUMNS}, read by position (sqlite-jdbc's lookup by name costs more than the read). */
    private static StepRow stepRow(ResultSet rs) throws SQLException {
        return new StepRow(
                rs.getInt(1),
                rs.getString(2),
                StepKind.valueOf(rs.getString(3)),
                StepStatus.valueOf(rs.getString(4)),
                rs.getInt(5),
                PayloadCompression.json(rs, 6),
                PayloadCompression.json(rs, 7),
                PayloadCompression.json(rs, 8),
                rs.getString(9),
                SqlConnection.nullableLong(rs, 10),
                SqlConnection.nullableLong(rs, 11),
                rs.getString(12),
                SqlConnection.nullableLong(rs, 13),
                rs.getString(14),
                rs.getString(15));
    }

    /**
     * A row of {@link #STEP_COLUMNS} as {@link #journal} describes it, reading no column it does not
     * need (each read is a JNI call) and decompressing nothing.
     */
    private static Object journalRow(ResultSet rs) throws SQLException {
        StepStatus status = StepStatus.valueOf(rs.getString(4));
        if (status != StepStatus.COMPLETED && status != StepStatus.FAILED) {
            return stepRow(rs);
        }
        boolean completed = status == StepStatus.COMPLETED;
        Object payload = rs.getObject(completed ? 7 : 8);
        String text = payload instanceof String s ? s : null;
        var row = StepRow.outcome(
                rs.getInt(1), rs.getString(2), StepKind.valueOf(rs.getString(3)), status, rs.getInt(5), text);
        return payload instanceof byte[] compressed ? new CompressedStepRow(row, compressed) : row;
    }

    // ---- signals

    /** A received signal not yet consumed. */
    record PendingSignal(long id, String name, String payload) {}

    static void insertSignal(SqlConnection db, String runId, String name, String payload, long now)
            throws SQLException {
        db.update(
                "INSERT INTO signals (run_id, name, payload, received_at) VALUES (?,?,?,?)", runId, name, payload, now);
    }

    static Optional<PendingSignal> nextSignal(SqlConnection db, String runId, String name) throws SQLException {
        return db.queryOne(
                "SELECT id, name, payload FROM signals WHERE run_id = ? AND name = ? AND consumed_seq IS NULL"
                        + " ORDER BY id LIMIT 1",
                rs -> new PendingSignal(rs.getLong(1), rs.getString(2), rs.getString(3)),
                runId,
                name);
    }

    static void consumeSignal(SqlConnection db, long signalId, int seq) throws SQLException {
        db.update("UPDATE signals SET consumed_seq = ? WHERE id = ?", seq, signalId);
    }

    // ---- timers

    /** A run's wake-up time. */
    record Timer(String runId, long wakeAt) {}

    static void setTimer(SqlConnection db, String runId, long wakeAt) throws SQLException {
        db.update("INSERT OR REPLACE INTO timers (run_id, wake_at) VALUES (?,?)", runId, wakeAt);
    }

    static void clearTimer(SqlConnection db, String runId) throws SQLException {
        db.update("DELETE FROM timers WHERE run_id = ?", runId);
    }

    static Optional<Long> timer(SqlConnection db, String runId) throws SQLException {
        return db.queryOne("SELECT wake_at FROM timers WHERE run_id = ?", rs -> rs.getLong(1), runId);
    }

    static List<Timer> timers(SqlConnection db) throws SQLException {
        return db.query(
                "SELECT run_id, wake_at FROM timers ORDER BY wake_at", rs -> new Timer(rs.getString(1), rs.getLong(2)));
    }

    // ---- decisions

    /** A recorded decision, as stored: {@code payload} is JSON text. */
    record DecisionRow(long id, String runId, Decision.Kind kind, String target, String payload, String by, long at) {
        Decision view(Codec codec) {
            return new Decision(kind, target, codec.tree(payload), by, java.time.Instant.ofEpochMilli(at));
        }
    }

    private static final String DECISION_COLUMNS = "id, run_id, kind, target, payload, decided_by, decided_at";

    static void insertDecision(
            SqlConnection db, String runId, Decision.Kind kind, String target, String payload, String by, long now)
            throws SQLException {
        db.update(
                "INSERT INTO decisions (run_id, kind, target, payload, decided_by, decided_at) VALUES (?,?,?,?,?,?)",
                runId,
                kind,
                target,
                payload,
                by,
                now);
    }

    /**
     * Records a decision unless one of {@code kind} on {@code target} exists for the run; whether it did.
     * One statement, a write, so it takes the write lock before it looks (no stale read across processes).
     */
    static boolean insertDecisionOnce(
            SqlConnection db, String runId, Decision.Kind kind, String target, String payload, String by, long now)
            throws SQLException {
        return db.update(
                        "INSERT INTO decisions (run_id, kind, target, payload, decided_by, decided_at) SELECT ?,?,?,?,?,?"
                                + " WHERE NOT EXISTS (SELECT 1 FROM decisions WHERE run_id = ? AND kind = ? AND target IS ?)",
                        runId,
                        kind,
                        target,
                        payload,
                        by,
                        now,
                        runId,
                        kind,
                        target)
                == 1;
    }

    /** Records a signal unless an identical one is still waiting to be consumed; whether it did. */
    static boolean insertSignalOnce(SqlConnection db, String runId, String name, String payload, long now)
            throws SQLException {
        return db.update(
                        "INSERT INTO signals (run_id, name, payload, received_at) SELECT ?,?,?,? WHERE NOT EXISTS"
                                + " (SELECT 1 FROM signals WHERE run_id = ? AND name = ? AND consumed_seq IS NULL AND payload IS ?)",
                        runId,
                        name,
                        payload,
                        now,
                        runId,
                        name,
                        payload)
                == 1;
    }

    /**
     * Whether run {@code runId} was ever executed: a step of its own started since it was created (a fork's
     * copied steps started before), so a RUNNING run found at open crashed rather than waiting for its first owner.
     */
    static boolean wasExecuted(SqlConnection db, String runId) throws SQLException {
        return db.queryOne(
                        "SELECT 1 FROM steps s JOIN runs r ON r.id = s.run_id WHERE s.run_id = ?"
                                + " AND s.started_at >= r.created_at LIMIT 1",
                        rs -> true,
                        runId)
                .orElse(false);
    }

    /** Run {@code runId}'s decisions, oldest first. */
    static List<DecisionRow> decisions(SqlConnection db, String runId) throws SQLException {
        return db.query(
                "SELECT " + DECISION_COLUMNS + " FROM decisions WHERE run_id = ? ORDER BY id",
                Tables::decisionRow,
                runId);
    }

    /** The first decision of {@code kind} on {@code target} (any target when {@code null}) for run {@code runId}. */
    static Optional<DecisionRow> firstDecision(SqlConnection db, String runId, Decision.Kind kind, String target)
            throws SQLException {
        return target == null
                ? db.queryOne(
                        "SELECT " + DECISION_COLUMNS
                                + " FROM decisions WHERE run_id = ? AND kind = ? ORDER BY id LIMIT 1",
                        Tables::decisionRow,
                        runId,
                        kind)
                : db.queryOne(
                        "SELECT " + DECISION_COLUMNS + " FROM decisions WHERE run_id = ? AND kind = ? AND target = ?"
                                + " ORDER BY id LIMIT 1",
                        Tables::decisionRow,
                        runId,
                        kind,
                        target);
    }

    /** The highest decision id; 0 for none. */
    static long lastDecisionId(SqlConnection db) throws SQLException {
        return db.queryOne("SELECT coalesce(max(id), 0) FROM decisions", rs -> rs.getLong(1))
                .orElse(0L);
    }

    /** Decisions recorded after id {@code after}, oldest first. */
    static List<DecisionRow> decisionsAfter(SqlConnection db, long after) throws SQLException {
        return db.query(
                "SELECT " + DECISION_COLUMNS + " FROM decisions WHERE id > ? ORDER BY id LIMIT 1000",
                Tables::decisionRow,
                after);
    }

    private static DecisionRow decisionRow(ResultSet rs) throws SQLException {
        return new DecisionRow(
                rs.getLong(1),
                rs.getString(2),
                Decision.Kind.valueOf(rs.getString(3)),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getLong(7));
    }
}

package dev.steadfast.engine.internal;

import dev.steadfast.schedule.CatchUpPolicy;
import dev.steadfast.schedule.OverlapPolicy;
import dev.steadfast.schedule.Schedule;
import dev.steadfast.schedule.ScheduleSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of the {@code schedules} table. Every change bumps a row's {@code version}, and the scheduler
 * changes a row only at the version it read ({@link #advance}), so a pause, a delete or another process's
 * change between its read and its write makes it start nothing.
 */
final class ScheduleTable {
    private ScheduleTable() {}

    /**
     * A schedule's row: its definition ({@code input} as JSON), and its cursor: the next slot and when it fires
     * (the slot plus its jitter), the last slot handled, the last run started, and a slot waiting under
     * {@link OverlapPolicy#BUFFER_ONE}.
     */
    record Row(
            String id,
            String type,
            String input,
            ScheduleSpec spec,
            OverlapPolicy overlap,
            CatchUpPolicy catchUp,
            long jitterMs,
            boolean paused,
            Long nextSlot,
            Long fireAt,
            Long lastSlot,
            String lastRunId,
            Long bufferedSlot,
            long version) {

        Schedule schedule(Codec codec) {
            return new Schedule(
                    id, type, codec.tree(input), spec, overlap, catchUp, Duration.ofMillis(jitterMs), paused);
        }

        /** The actor of the START decisions of this schedule's runs. */
        String actor() {
            return ScheduleTable.actor(id);
        }
    }

    static String actor(String scheduleId) {
        return "schedule:" + scheduleId;
    }

    private static final String COLUMNS =
            "id, workflow_type, input, cron, zone, every_ms, offset_ms, overlap, catch_up,"
                    + " jitter_ms, paused, next_slot, fire_at, last_slot, last_run_id, buffered_slot, version";

    /** Inserts a new schedule with its first slot; whether it did (false: one of that id exists). */
    static boolean insert(SqlConnection db, Schedule s, String inputJson, Long nextSlot, long now) throws SQLException {
        String cron = null;
        String zone = null;
        Long every = null;
        Long offset = null;
        switch (s.spec()) {
            case ScheduleSpec.Cron c -> {
                cron = c.expression();
                zone = c.zone().getId();
            }
            case ScheduleSpec.Interval i -> {
                every = i.every().toMillis();
                offset = i.offset().toMillis();
            }
        }
        return db.update(
                        "INSERT OR IGNORE INTO schedules (" + COLUMNS + ", created_at)"
                                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,NULL,NULL,NULL,0,?)",
                        s.id(),
                        s.workflowType(),
                        inputJson,
                        cron,
                        zone,
                        every,
                        offset,
                        s.overlap(),
                        s.catchUp(),
                        s.jitter().toMillis(),
                        s.paused(),
                        nextSlot,
                        fireAt(s, nextSlot),
                        now)
                == 1;
    }

    /** When slot {@code slot} of {@code s} fires: the slot plus its jitter. */
    static Long fireAt(Schedule s, Long slot) {
        return slot == null
                ? null
                : slot + s.jitterFor(Instant.ofEpochMilli(slot)).toMillis();
    }

    static Optional<Row> get(SqlConnection db, String id) throws SQLException {
        return db.queryOne("SELECT " + COLUMNS + " FROM schedules WHERE id = ?", ScheduleTable::row, id);
    }

    static List<Row> all(SqlConnection db) throws SQLException {
        return db.query("SELECT " + COLUMNS + " FROM schedules ORDER BY id", ScheduleTable::row);
    }

    /** Unpaused schedules with a slot due by {@code now}, or a buffered slot waiting for its run's end. */
    static List<Row> due(SqlConnection db, long now) throws SQLException {
        return db.query(
                "SELECT " + COLUMNS
                        + " FROM schedules WHERE paused = 0 AND (fire_at <= ? OR buffered_slot IS NOT NULL)",
                ScheduleTable::row,
                now);
    }

    /** Moves the cursor of a row still at {@code r.version()}; whether it was (else nothing changed). */
    static boolean advance(
            SqlConnection db, Row r, Long nextSlot, Long fireAt, Long lastSlot, String lastRunId, Long buffered)
            throws SQLException {
        return db.update(
                        "UPDATE schedules SET next_slot = ?, fire_at = ?, last_slot = ?, last_run_id = ?,"
                                + " buffered_slot = ?, version = version + 1 WHERE id = ? AND version = ?",
                        nextSlot,
                        fireAt,
                        lastSlot,
                        lastRunId,
                        buffered,
                        r.id(),
                        r.version())
                == 1;
    }

    static boolean setPaused(SqlConnection db, String id, boolean paused) throws SQLException {
        return db.update("UPDATE schedules SET paused = ?, version = version + 1 WHERE id = ?", paused, id) == 1;
    }

    static boolean delete(SqlConnection db, String id) throws SQLException {
        return db.update("DELETE FROM schedules WHERE id = ?", id) == 1;
    }

    /** The ids of the runs schedule {@code id} started, newest first. */
    static List<String> recentRuns(SqlConnection db, String id, int limit) throws SQLException {
        return db.query(
                "SELECT run_id FROM decisions WHERE decided_by = ? AND kind = 'START' ORDER BY id DESC LIMIT ?",
                rs -> rs.getString(1),
                actor(id),
                limit);
    }

    private static Row row(ResultSet rs) throws SQLException {
        String cron = rs.getString(4);
        ScheduleSpec spec = cron != null
                ? new ScheduleSpec.Cron(cron, ZoneId.of(rs.getString(5)))
                : new ScheduleSpec.Interval(Duration.ofMillis(rs.getLong(6)), Duration.ofMillis(rs.getLong(7)));
        return new Row(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                spec,
                OverlapPolicy.valueOf(rs.getString(8)),
                CatchUpPolicy.valueOf(rs.getString(9)),
                rs.getLong(10),
                rs.getInt(11) != 0,
                SqlConnection.nullableLong(rs, 12),
                SqlConnection.nullableLong(rs, 13),
                SqlConnection.nullableLong(rs, 14),
                rs.getString(15),
                SqlConnection.nullableLong(rs, 16),
                rs.getLong(17));
    }
}

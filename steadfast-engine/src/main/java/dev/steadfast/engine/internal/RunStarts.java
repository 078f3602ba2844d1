package dev.steadfast.engine.internal;

import dev.steadfast.observe.RunObservation;
import dev.steadfast.run.Decision;
import dev.steadfast.run.RunStatus;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How a new run comes to be, in three parts: {@link #prepare} (its row and trace, before the write),
 * {@link #insert} (inside a write transaction, which may hold more: a schedule's advance), and
 * {@link #launch} once that transaction committed. {@code engine.start} and the {@link Scheduler} share it.
 */
final class RunStarts {
    /** A run about to be inserted. */
    record Pending(RunRow row, RunObservation observed) {}

    private final EngineRuntime rt;
    private final SecureRandom seeds = new SecureRandom();

    RunStarts(EngineRuntime rt) {
        this.rt = rt;
    }

    Pending prepare(String type, String workflowId, String json) {
        if (workflowId == null || workflowId.isBlank()) {
            throw new IllegalArgumentException("workflowId must not be blank but was '" + workflowId + "'");
        }
        long now = rt.now();
        var row = new RunRow(
                workflowId, type, RunStatus.RUNNING, json, null, null, now, now, null, seeds.nextLong(), null, false);
        return new Pending(row, rt.traces.starting(rt.store, workflowId, type, rt.workflows.get(type)));
    }

    /** Inserts the run with its START decision by {@code actor}, unless a run of that id exists; whether it did. */
    static boolean insert(SqlConnection db, Pending p, String actor) throws SQLException {
        if (!Tables.insertRun(db, p.row())) {
            return false;
        }
        Tables.insertDecision(
                db,
                p.row().id(),
                Decision.Kind.START,
                null,
                null,
                actor,
                p.row().createdAt());
        RunTraces.insert(db, p.row().id(), p.observed());
        return true;
    }

    /** Loads the inserted run here (when this engine executes runs); where its end is left, or {@code null}. */
    AtomicReference<RunEnd.Ended> launch(Pending p) {
        rt.traces.inserted(p.row().id(), p.observed());
        AtomicReference<RunEnd.Ended> end = rt.start(p.row());
        if (end == null) {
            rt.traces.executedElsewhere(p.row().id()); // a steering engine: the file's owner runs it, in this trace
        }
        return end;
    }
}

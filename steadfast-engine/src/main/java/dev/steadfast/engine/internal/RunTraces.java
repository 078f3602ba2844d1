package dev.steadfast.engine.internal;

import dev.steadfast.observe.ObservedRun;
import dev.steadfast.observe.RunObservation;
import dev.steadfast.observe.RunObservers;
import dev.steadfast.run.RunStatus;
import dev.steadfast.workflow.AgentWorkflow;
import dev.steadfast.workflow.Workflow;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the embedded engine tells the installed {@link dev.steadfast.observe.RunObserver}, and the trace
 * context it keeps for each run (table {@code run_traces}), so every execution of a run, in this process or
 * after a restart, reports into the trace its start opened. Only attempts that run are reported (by
 * {@code StepRunner}); a replayed step never is.
 */
final class RunTraces {
    /** Observations of runs this process started, until their first execution takes them. */
    private final Map<String, RunObservation> started = new ConcurrentHashMap<>();

    /**
     * Observes the start of run {@code id} on the caller's thread, unless nothing is installed or the run
     * exists (an idempotent start starts nothing).
     */
    RunObservation starting(SqliteStore store, String id, String type, Workflow<?, ?> workflow) {
        if (!RunObservers.active() || store.read(db -> Tables.run(db, id)).isPresent()) {
            return RunObservation.NOOP;
        }
        return RunObservers.installed().runStarted(new ObservedRun(id, type, workflow instanceof AgentWorkflow, true));
    }

    /** Records the trace context of a run being inserted (in the same transaction), if it has one. */
    static void insert(SqlConnection db, String runId, RunObservation observed) throws SQLException {
        String context = observed.traceContext();
        if (context != null) {
            db.update("INSERT OR REPLACE INTO run_traces (run_id, trace_context) VALUES (?, ?)", runId, context);
        }
    }

    /** Hands the observation of a run just inserted to its first execution. */
    void inserted(String runId, RunObservation observed) {
        if (observed.observes()) {
            started.put(runId, observed);
        }
    }

    /** The run this process started will be executed by another (the file's owner): its start's part is over. */
    void executedElsewhere(String runId) {
        RunObservation mine = started.remove(runId);
        if (mine != null) {
            mine.suspended();
        }
    }

    /** The observation of an execution of {@code run}: the one its start made here, else a resumption. */
    RunObservation executing(SqliteStore store, RunRow run, Workflow<?, ?> workflow) {
        RunObservation mine = started.remove(run.id());
        if (mine != null || !RunObservers.active()) {
            return mine != null ? mine : RunObservation.NOOP;
        }
        String context = store.read(db -> db.queryOne(
                        "SELECT trace_context FROM run_traces WHERE run_id = ?", rs -> rs.getString(1), run.id()))
                .orElse(null);
        return RunObservers.installed()
                .runResumed(new ObservedRun(run.id(), run.type(), workflow instanceof AgentWorkflow, true), context);
    }

    /** How many runs of {@code store} wait (for a signal, a timer, an approval). */
    static long waiting(SqliteStore store) {
        return store.read(db -> db.queryOne(
                        "SELECT count(*) FROM runs WHERE status = ?", rs -> rs.getLong(1), RunStatus.WAITING.name()))
                .orElse(0L);
    }

    /** Stops counting an engine's waiting runs. */
    static void close(AutoCloseable gauge) {
        try {
            gauge.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

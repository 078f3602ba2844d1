package dev.steadfast.spring.internal;

import dev.steadfast.engine.internal.EmbeddedWorkflowEngine;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunQuery;
import dev.steadfast.run.RunStatus;
import dev.steadfast.workflow.WorkflowEngine;
import java.util.List;

/**
 * One look at the engine through its public inspection API: what the health check and the meters report (taken by
 * {@link EngineProbes}, with a time limit). On Temporal the listing is a round trip to the frontend, so it also says
 * whether Temporal is reachable.
 *
 * @param open whether the engine is open
 * @param problem why the engine cannot do its work (closed, its file's lock lost, Temporal unreachable, no answer in
 *     time), or {@code null}
 * @param kind {@code embedded}, {@code temporal} or the engine's class name
 * @param running runs running, counted up to {@link #COUNT_LIMIT}
 * @param waiting runs waiting (a signal, a timer, an approval), up to {@link #COUNT_LIMIT}
 * @param pendingApprovals undecided tool approvals of the waiting runs
 * @param awaitedSignals waiting runs that wait for a signal
 */
public record EngineProbe(
        boolean open, String problem, String kind, int running, int waiting, int pendingApprovals, int awaitedSignals) {
    /** Runs of one status counted at most: the inspection API lists runs, it does not count them. */
    public static final int COUNT_LIMIT = 10_000;

    /** Whether the engine is open and does its work. */
    public boolean up() {
        return open && problem == null;
    }

    /** An open engine that cannot do its work, for {@code why}. */
    static EngineProbe failed(String kind, String why) {
        return new EngineProbe(true, why, kind, 0, 0, 0, 0);
    }

    /** What {@code e} is, for the details. */
    static String kind(WorkflowEngine e) {
        if (e instanceof EmbeddedWorkflowEngine) {
            return "embedded";
        }
        return e.getClass().getName().startsWith("dev.steadfast.temporal.")
                ? "temporal"
                : e.getClass().getName();
    }

    /** Looks at {@code e}, blocking as long as the engine takes. */
    static EngineProbe look(WorkflowEngine e) {
        String kind = kind(e);
        String problem = e instanceof EmbeddedWorkflowEngine embedded ? embedded.problem() : null;
        if (problem != null) {
            return failed(kind, problem);
        }
        List<RunInfo> waiting =
                e.list(RunQuery.all().withStatus(RunStatus.WAITING).withLimit(COUNT_LIMIT));
        int running = e.list(RunQuery.all().withStatus(RunStatus.RUNNING).withLimit(COUNT_LIMIT))
                .size();
        int approvals = 0;
        int signals = 0;
        for (RunInfo r : waiting) {
            approvals += (int) r.pendingApprovals().stream()
                    .filter(p -> p.decided() == null)
                    .count();
            signals += r.awaitingSignals().isEmpty() ? 0 : 1;
        }
        return new EngineProbe(true, null, kind, running, waiting.size(), approvals, signals);
    }
}

package dev.steadfast.spring.internal;

import dev.steadfast.engine.internal.EmbeddedWorkflowEngine;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunQuery;
import dev.steadfast.run.RunStatus;
import dev.steadfast.workflow.WorkflowEngine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One look at the engine through its public inspection API, with a time limit: what the health check and the meters
 * report. On Temporal the listing is a round trip to the frontend, so it also says whether Temporal is reachable.
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

    /** Looks at {@code engine} (unwrapping the starter's), giving up after {@code timeout}. */
    public static EngineProbe of(WorkflowEngine engine, Duration timeout) {
        WorkflowEngine e = engine instanceof ManagedEngine m ? m.delegate() : engine;
        if (e == null) {
            return new EngineProbe(
                    false, "the engine is not open (the application context is not running)", "none", 0, 0, 0, 0);
        }
        String kind = e instanceof EmbeddedWorkflowEngine
                ? "embedded"
                : e.getClass().getName().startsWith("dev.steadfast.temporal.")
                        ? "temporal"
                        : e.getClass().getName();
        var look = CompletableFuture.supplyAsync(
                () -> look(e, kind),
                r -> Thread.ofVirtual().name("steadfast-probe").start(r));
        try {
            return look.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException ex) {
            look.cancel(true);
            return new EngineProbe(
                    true,
                    "no answer from the engine within " + timeout
                            + (kind.equals("temporal") ? " (is the Temporal frontend reachable?)" : ""),
                    kind,
                    0,
                    0,
                    0,
                    0);
        } catch (ExecutionException ex) {
            Throwable cause = ex.getCause() == null ? ex : ex.getCause();
            return new EngineProbe(
                    true, cause.getClass().getSimpleName() + ": " + cause.getMessage(), kind, 0, 0, 0, 0);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return new EngineProbe(true, "interrupted", kind, 0, 0, 0, 0);
        }
    }

    private static EngineProbe look(WorkflowEngine e, String kind) {
        String problem = e instanceof EmbeddedWorkflowEngine embedded ? embedded.problem() : null;
        if (problem != null) {
            return new EngineProbe(true, problem, kind, 0, 0, 0, 0);
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

package dev.steadfast.engine.internal;

import dev.steadfast.error.CancelledException;
import dev.steadfast.run.ReplayReport;
import dev.steadfast.run.RunStatus;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.spi.StepExecutors;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Replays recorded runs against the registered code without running a step body or writing anything:
 * each run's code is executed from the top with its journal, recorded entries return what they
 * recorded, and the code is stopped where the journal ends ({@link ReplayEnded}). What a live
 * execution would stop the run on (a non-determinism, a recorded value that no longer reads) is a
 * divergence; so is a completed run whose code now returns something else or throws.
 */
final class ReplayChecks {
    /** How long one run's replay may take; its code runs nothing but itself, so this is generous. */
    private static final long MAX_SECONDS = 120;

    private final EngineRuntime rt;

    ReplayChecks(EngineRuntime rt) {
        this.rt = rt;
    }

    ReplayReport check(List<RunRow> runs) {
        var checked = new ArrayList<String>();
        var divergences = new ArrayList<ReplayReport.Divergence>();
        for (RunRow run : runs) {
            if (run.parentId() != null) {
                continue; // a child run's code is a step body its parent holds: the parent's replay reaches it
            }
            checked.add(run.id());
            String problem;
            String type = null;
            var found = new CompletableFuture<ReplayReport.Divergence>();
            Thread.ofVirtual().name("replay-check-" + run.id()).start(() -> {
                try {
                    found.complete(replay(run));
                } catch (Throwable t) {
                    found.completeExceptionally(t);
                }
            });
            try {
                ReplayReport.Divergence d = found.get(MAX_SECONDS, TimeUnit.SECONDS);
                if (d != null) {
                    divergences.add(d);
                }
                continue;
            } catch (TimeoutException e) {
                problem = "its replay did not reach the end of its journal within " + MAX_SECONDS + " s: does the"
                        + " code block or loop outside the workflow context?";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checking run '" + run.id() + "'", e);
            } catch (java.util.concurrent.ExecutionException e) {
                problem = "the check itself failed: " + e.getCause();
                type = e.getCause().getClass().getName();
            }
            divergences.add(new ReplayReport.Divergence(run.id(), run.type(), type, problem));
        }
        return new ReplayReport(checked, divergences);
    }

    /** Replays one run on this thread; its divergence, or {@code null} when its code matches its journal. */
    @SuppressWarnings("unchecked")
    private ReplayReport.Divergence replay(RunRow run) {
        Workflow<Object, Object> workflow = (Workflow<Object, Object>) rt.workflows.get(run.type());
        if (workflow == null) {
            return new ReplayReport.Divergence(
                    run.id(),
                    run.type(),
                    null,
                    "workflow type '" + run.type()
                            + "' is not registered with the checking engine (registered: "
                            + new TreeSet<>(rt.workflows.keySet()) + ")");
        }
        try (Journal journal = Journal.open(rt.store, run.id())) {
            RunState st = RunState.forCheck(run, journal);
            var ctx = new DurableContext(rt, st);
            Object result;
            Throwable thrown = null;
            try {
                Object input = ctx.decodeInput(run.input(), workflow.inputType());
                result = StepExecutors.callWith(ctx, () -> workflow.run(ctx, input));
            } catch (ReplayEnded e) {
                return fatal(st, run); // it reached where the run stands: all it replayed matched, unless marked
            } catch (Unwind e) {
                throw e;
            } catch (Exception | Error e) {
                result = null;
                thrown = e;
            }
            if (st.fatal() == null && !(thrown instanceof CancelledException)) {
                try {
                    st.checkJournalConsumed();
                } catch (RuntimeException ended) {
                    // kept as the run's fatal error
                }
            }
            ReplayReport.Divergence fatal = fatal(st, run);
            if (fatal != null || run.status() != RunStatus.COMPLETED) {
                return fatal;
            }
            if (thrown != null) {
                return new ReplayReport.Divergence(
                        run.id(),
                        run.type(),
                        thrown.getClass().getName(),
                        "the run completed, but its code now throws " + thrown);
            }
            return compareOutput(run, result);
        }
    }

    private static ReplayReport.Divergence fatal(RunState st, RunRow run) {
        RuntimeException f = st.fatal();
        return f == null
                ? null
                : new ReplayReport.Divergence(run.id(), run.type(), f.getClass().getName(), f.getMessage());
    }

    private ReplayReport.Divergence compareOutput(RunRow run, Object result) {
        String now;
        try {
            now = rt.codec.encode(result, "The output of run '" + run.id() + "'");
        } catch (RuntimeException e) {
            return new ReplayReport.Divergence(
                    run.id(), run.type(), e.getClass().getName(), e.getMessage());
        }
        if (Objects.equals(rt.codec.tree(now), rt.codec.tree(run.output()))) {
            return null;
        }
        return new ReplayReport.Divergence(
                run.id(),
                run.type(),
                null,
                "the run completed with " + clip(run.output()) + ", but its code now returns " + clip(now)
                        + " from the same journal");
    }

    private static String clip(String json) {
        return json == null ? "null" : json.length() <= 200 ? json : json.substring(0, 200) + "…";
    }
}

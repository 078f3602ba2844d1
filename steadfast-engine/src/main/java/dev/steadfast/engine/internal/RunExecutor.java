package dev.steadfast.engine.internal;

import dev.steadfast.error.CancelledException;
import dev.steadfast.observe.RunObservation;
import dev.steadfast.run.ErrorInfo;
import dev.steadfast.run.RunStatus;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.spi.Failures;
import dev.steadfast.workflow.spi.StepExecutors;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes runs: each on a virtual thread, its workflow code run from the top with the journal
 * loaded, so recorded steps replay and the code resumes where it stopped. When the code returns
 * or throws, the run's end is recorded; when it unloads or the engine closes, nothing is, and the
 * run resumes from its rows later.
 */
final class RunExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(RunExecutor.class);

    private final EngineRuntime rt;

    RunExecutor(EngineRuntime rt) {
        this.rt = rt;
    }

    void launch(RunSlot slot) {
        Thread t = Thread.ofVirtual().name("run-" + slot.runId()).unstarted(() -> execute(slot));
        slot.bind(t);
        t.start();
    }

    private void execute(RunSlot slot) {
        RunObservation observed = RunObservation.NOOP;
        RunRow orphan = null;
        try {
            RunRow started = slot.takeStarted();
            RunRow run = started != null
                    ? started
                    : rt.store.read(db -> Tables.run(db, slot.runId()).orElse(null));
            if (run == null || run.status().isTerminal()) {
                return;
            }
            Callable<?> childBody = run.parentId() == null ? null : rt.childBodies.get(run.id());
            if (run.parentId() != null && childBody == null) {
                orphan = run; // its code is its parent's: handed over below, once this slot is free
                return;
            }
            Workflow<?, ?> workflow = rt.workflows.get(run.type());
            if (workflow == null && childBody == null) {
                reportUnregistered(run);
                return;
            }
            if (run.cancelRequested()) {
                slot.requestCancel();
            }
            try (Journal journal = started != null ? Journal.empty(run.id()) : Journal.open(rt.store, run.id())) {
                var state = new RunState(run, journal, slot, Thread.currentThread());
                state.observed = observed = rt.traces.executing(rt.store, run, workflow);
                var ctx = new DurableContext(rt, state);
                if (run.error() != null && run.status() == RunStatus.RUNNING) {
                    rt.writer.write(db -> Tables.setRunError(db, run.id(), null, rt.now())); // registered now
                }
                finish(
                        state,
                        run,
                        childBody != null
                                ? () -> StepExecutors.callWith(ctx, childBody)
                                : () -> runWorkflow(workflow, ctx, run));
            }
        } catch (RunUnloaded | EngineClosedError e) {
            observed.suspended(); // lives on as rows
        } catch (RuntimeException | Unwind e) {
            observed.suspended();
            if (!rt.isClosed()) {
                LOG.error("Run '{}' could not be executed; it resumes when the engine restarts", slot.runId(), e);
            }
        } finally {
            rt.released(slot);
            if (orphan != null) {
                handOver(orphan);
            }
        }
    }

    /**
     * A child run whose code this process does not hold (its parent has not reached it since a restart):
     * the parent, replayed, reaches its entry and starts it again with its code. A parent that has ended
     * never will: the child ends cancelled.
     */
    private void handOver(RunRow child) {
        if (rt.isClosed()) {
            return;
        }
        if (rt.childBodies.containsKey(child.id())) {
            rt.resume(child.id()); // the parent got here first and found this slot still taken
            return;
        }
        RunRow parent = rt.store.read(db -> Tables.run(db, child.parentId())).orElse(null);
        if (parent != null && !parent.status().isTerminal()) {
            rt.resume(parent.id());
            return;
        }
        long now = rt.now();
        rt.writer.write(db -> {
            Tables.finishRun(db, child.id(), RunStatus.CANCELLED, null, null, now, true);
            Children.recordEnd(db, rt.codec, child, RunStatus.CANCELLED, null, null, now);
        });
    }

    @SuppressWarnings("unchecked")
    private static Object runWorkflow(Workflow<?, ?> workflow, DurableContext ctx, RunRow run) throws Exception {
        Object input = ctx.decodeInput(run.input(), workflow.inputType());
        var typed = (Workflow<Object, Object>) workflow;
        return StepExecutors.callWith(ctx, () -> typed.run(ctx, input));
    }

    private void finish(RunState st, RunRow run, Callable<?> body) {
        RunStatus status;
        String output = null;
        ErrorInfo error = null;
        Throwable failure = null;
        try {
            Object result = body.call();
            st.checkFatal();
            st.checkJournalConsumed();
            output = rt.codec.encode(result, "The output of run '" + run.id() + "'");
            status = RunStatus.COMPLETED;
        } catch (Unwind e) {
            throw e;
        } catch (Exception | Error e) { // an Error of the workflow's own code fails the run like an exception
            rt.checkOpen();
            if (!(e instanceof CancelledException)) {
                try {
                    st.checkJournalConsumed();
                } catch (RuntimeException nde) {
                    // recorded as the run's error below
                }
            }
            RuntimeException fatal = st.fatal();
            if (fatal != null && !st.slot.cancelRequested()) {
                block(run, fatal);
                st.observed.suspended();
                return;
            }
            if (fatal != null || e instanceof CancelledException) { // a blocked run can still be cancelled
                status = RunStatus.CANCELLED;
            } else {
                status = RunStatus.FAILED;
                error = Failures.errorInfo(e);
                failure = e;
            }
        }
        String out = output;
        String err = rt.codec.error(error);
        RunStatus end = status;
        long now = rt.now();
        boolean clearTimer = st.mayHoldTimer();
        ErrorInfo failureInfo = error;
        rt.writer.write(db -> {
            Tables.finishRun(db, run.id(), end, out, err, now, clearTimer);
            if (run.parentId() != null) {
                Children.recordEnd(db, rt.codec, run, end, out, failureInfo, now);
            }
        });
        var how = new RunEnd.Ended(end, out, err);
        st.slot.ended(how);
        st.observed.ended(end, failure);
        rt.runEnded(run.id(), how);
        if (run.parentId() != null) {
            rt.childBodies.remove(run.id());
            rt.resume(run.parentId());
        }
    }

    /**
     * The code no longer matches the run's journal ({@code why}: a non-determinism, a recorded value that
     * does not read as today's type). That is not the run's failure but the code's: the run stays open
     * (RUNNING, with the error shown) and its journal untouched; the next engine that opens the file
     * replays it, so deploying code that matches (or guards the change with {@code patched}) resumes it.
     */
    private void block(RunRow run, RuntimeException why) {
        String json = rt.codec.error(Failures.errorInfo(why));
        long now = rt.now();
        rt.writer.write(db -> {
            Tables.setRunStatus(db, run.id(), RunStatus.RUNNING, now); // resumed by the next engine's build()
            Tables.setRunError(db, run.id(), json, now);
        });
        LOG.warn(
                "Run '{}' is blocked and stays open: {} It resumes when an engine whose code matches its journal"
                        + " opens {}.",
                run.id(),
                why.getMessage(),
                rt.dbName);
    }

    private void reportUnregistered(RunRow run) {
        var error = new ErrorInfo(
                IllegalStateException.class.getName(),
                "Workflow type '" + run.type()
                        + "' is not registered in this engine (registered: " + new TreeSet<>(rt.workflows.keySet())
                        + "); register the workflow, or the agent of that name, with EmbeddedEngine.builder().register(...)."
                        + " The run stays " + run.status() + " and resumes when an engine that registers '" + run.type()
                        + "' opens " + rt.dbName + ".",
                null);
        LOG.warn(error.message());
        String json = rt.codec.error(error);
        rt.writer.write(db -> Tables.setRunError(db, run.id(), json, rt.now()));
    }
}

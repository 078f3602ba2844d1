package dev.steadfast.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.steadfast.engine.EmbeddedEngine.Access;
import dev.steadfast.error.NoSuchRunException;
import dev.steadfast.run.ApprovalDecision;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunQuery;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepKind;
import dev.steadfast.run.StepRecord;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import dev.steadfast.workflow.WorkflowHandle;
import dev.steadfast.workflow.spi.Conversations;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** The embedded engine: {@link WorkflowEngine} on one SQLite file. Built by {@code EmbeddedEngine.builder()}. */
public final class EmbeddedWorkflowEngine implements WorkflowEngine {
    private final SqliteStore store;
    private final EngineRuntime rt;
    private final RunViews views;
    private final Map<Class<?>, Workflow<?, ?>> byClass = new HashMap<>();
    private final SecureRandom seeds = new SecureRandom();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Access access;

    public EmbeddedWorkflowEngine(
            Path database,
            boolean synchronousFull,
            int maxPayloadBytes,
            Clock clock,
            Duration unloadAfter,
            List<Workflow<?, ?>> workflows,
            Access access) {
        this.access = requireNonNull(access, "access");
        var byName = new LinkedHashMap<String, Workflow<?, ?>>();
        for (Workflow<?, ?> w : workflows) {
            Workflow<?, ?> previous = byName.put(w.name(), w);
            // the same instance registered twice is harmless; two instances clash
            @SuppressWarnings("ReferenceEquality")
            boolean clash = previous != null && previous != w;
            if (clash) {
                throw new IllegalArgumentException("Two workflows are registered as '" + w.name() + "': "
                        + previous.getClass().getName() + " and " + w.getClass().getName()
                        + ". Give one another name() (names are stored with each run).");
            }
            byClass.put(w.getClass(), w);
        }
        var codec = new Codec(maxPayloadBytes);
        this.store = access == Access.READ_ONLY
                ? SqliteStore.openReadOnly(database)
                : SqliteStore.openOwned(database, synchronousFull);
        this.rt = new EngineRuntime(store, codec, clock, unloadAfter, byName);
        this.views = new RunViews(codec);
        var executor = new RunExecutor(rt);
        rt.launchWith(executor::launch);
        if (access == Access.OWNER) {
            recover();
        } else {
            rt.executeNothing(); // runs stay rows; their owner resumes them and acts on what was recorded
        }
    }

    /** Resumes what was running, re-arms timers, and wakes waiting runs whose signal came in before the crash. */
    private void recover() {
        store.read(db -> Tables.runIdsWithStatus(db, RunStatus.RUNNING)).forEach(rt::resume);
        store.read(Tables::timers).forEach(t -> rt.timers.schedule(t.runId(), t.wakeAt()));
        store.read(Tables::wakeableWaitingRuns).forEach(rt::resume);
        rt.timers.start();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <I, O> WorkflowHandle<O> start(Class<? extends Workflow<I, O>> workflow, String workflowId, I input) {
        Workflow<?, ?> w = byClass.get(workflow);
        if (w == null) {
            throw new IllegalArgumentException("Workflow " + workflow.getName() + " is not registered with this engine;"
                    + " register it: EmbeddedEngine.builder()...register(new " + workflow.getSimpleName() + "())");
        }
        return (WorkflowHandle<O>) startRun(w, workflowId, input);
    }

    @Override
    public WorkflowHandle<Object> start(String workflowType, String workflowId, Object input) {
        Workflow<?, ?> w = rt.workflows.get(requireNonNull(workflowType, "workflowType"));
        if (w == null) {
            throw new IllegalArgumentException(
                    "No workflow named '" + workflowType + "' is registered; registered: " + rt.workflows.keySet());
        }
        Object converted;
        try {
            converted = rt.codec.decode(rt.codec.encode(input, "The input"), w.inputType());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "The input of '" + workflowType + "' must convert to "
                            + w.inputType().getTypeName() + ": " + e.getMessage(),
                    e);
        }
        return startRun(w, workflowId, converted);
    }

    private WorkflowHandle<Object> startRun(Workflow<?, ?> w, String workflowId, Object input) {
        checkOpen();
        if (workflowId == null || workflowId.isBlank()) {
            throw new IllegalArgumentException("workflowId must not be blank but was '" + workflowId + "'");
        }
        String json = rt.codec.encode(input, "The input of run '" + workflowId + "'");
        long now = rt.now();
        var row = new RunRow(
                workflowId,
                w.name(),
                RunStatus.RUNNING,
                json,
                null,
                null,
                now,
                now,
                null,
                seeds.nextLong(),
                null,
                false);
        var inserted = new AtomicBoolean();
        rt.writer.write(db -> inserted.set(Tables.insertRun(db, row)));
        AtomicReference<RunEnd.Ended> endForHandle = null;
        if (inserted.get()) {
            endForHandle = rt.start(row);
        } else {
            RunRow existing = run(workflowId);
            if (!existing.type().equals(w.name())) {
                throw new IllegalStateException("Run '" + workflowId + "' exists and is a '" + existing.type()
                        + "', not a '" + w.name() + "'; workflow ids are unique across types.");
            }
        }
        return new EmbeddedHandle<>(rt, workflowId, w.outputType(), endForHandle, this::describe);
    }

    @Override
    public <O> WorkflowHandle<O> handle(String workflowId, Class<O> resultType) {
        run(workflowId);
        return new EmbeddedHandle<>(rt, workflowId, resultType, null, this::describe);
    }

    @Override
    public void signal(String workflowId, String signalName, Object payload) {
        requireNonNull(signalName, "signalName");
        if (signalName.startsWith("$")) {
            throw new IllegalArgumentException("Signal names starting with '$' are reserved; got '" + signalName + "'");
        }
        deliver(workflowId, signalName, payload, "Signal '" + signalName + "'");
    }

    private void deliver(String workflowId, String key, Object payload, String what) {
        checkOpen();
        RunRow run = run(workflowId);
        if (run.status().isTerminal()) {
            throw new IllegalStateException(
                    what + " was not delivered: run '" + workflowId + "' has ended (" + run.status() + ").");
        }
        String json = rt.codec.encode(payload, what + " for run '" + workflowId + "'");
        long now = rt.now();
        rt.writer.write(db -> Tables.insertSignal(db, workflowId, key, json, now));
        boolean waitsForIt = rt.slot(workflowId) != null
                || store.read(db -> Tables.waitingSteps(db, workflowId)).stream()
                        .anyMatch(s -> key.equals(s.waitKey()));
        if (waitsForIt) {
            rt.resume(workflowId);
        }
    }

    @Override
    public void cancel(String workflowId) {
        checkOpen();
        RunRow run = run(workflowId);
        if (run.status().isTerminal()) {
            return;
        }
        rt.writer.write(db -> Tables.requestCancel(db, workflowId, rt.now()));
        rt.locked(workflowId, () -> {
            RunSlot slot = rt.slot(workflowId);
            if (slot != null) {
                slot.requestCancel();
            } else {
                rt.resume(workflowId);
            }
        });
    }

    @Override
    public void decide(String workflowId, String toolCallId, ApprovalDecision decision) {
        requireNonNull(toolCallId, "toolCallId");
        requireNonNull(decision, "decision");
        String key = Waits.APPROVAL_KEY_PREFIX + toolCallId;
        run(workflowId);
        var pending = new ArrayList<String>();
        for (StepRow s : store.read(db -> Tables.waitingSteps(db, workflowId))) {
            if (s.kind() == StepKind.APPROVAL) {
                pending.add(s.waitKey().substring(Waits.APPROVAL_KEY_PREFIX.length()));
            }
        }
        if (!pending.contains(toolCallId)) {
            throw new IllegalStateException("Run '" + workflowId + "' has no pending approval for tool call '"
                    + toolCallId + "'; pending: " + pending);
        }
        deliver(workflowId, key, decision, "The decision on tool call '" + toolCallId + "'");
    }

    @Override
    public RunInfo describe(String workflowId) {
        RunRow run = run(workflowId);
        return store.read(db -> views.runInfo(db, run));
    }

    @Override
    public List<RunInfo> list(RunQuery query) {
        requireNonNull(query, "query");
        return store.read(db -> {
            var out = new ArrayList<RunInfo>();
            for (RunRow r : Tables.listRuns(db, query)) {
                out.add(views.runInfo(db, r));
            }
            return out;
        });
    }

    @Override
    public List<StepRecord> history(String workflowId) {
        run(workflowId);
        return Conversations.withFullInputs(views.history(store.read(db -> Tables.steps(db, workflowId))));
    }

    @Override
    public WorkflowHandle<Object> fork(String workflowId, int fromSeq, String newWorkflowId) {
        checkOpen();
        RunRow source = run(workflowId);
        if (fromSeq < 1) {
            throw new IllegalArgumentException("fromSeq must be >= 1 but was " + fromSeq);
        }
        if (newWorkflowId == null || newWorkflowId.isBlank()) {
            throw new IllegalArgumentException("newWorkflowId must not be blank but was '" + newWorkflowId + "'");
        }
        long now = rt.now();
        var row = new RunRow(
                newWorkflowId,
                source.type(),
                RunStatus.RUNNING,
                source.input(),
                null,
                null,
                now,
                now,
                null,
                source.seed(),
                workflowId,
                false);
        var inserted = new AtomicBoolean();
        rt.writer.write(db -> {
            if (Tables.insertRun(db, row)) {
                Tables.copySteps(db, workflowId, newWorkflowId, fromSeq);
                inserted.set(true);
            }
        });
        if (!inserted.get()) {
            throw new IllegalStateException("Cannot fork '" + workflowId + "' as '" + newWorkflowId
                    + "': a run with that id exists. Choose a new id.");
        }
        rt.resume(newWorkflowId);
        Workflow<?, ?> w = rt.workflows.get(source.type());
        Type out = w == null ? Object.class : w.outputType();
        return new EmbeddedHandle<>(rt, newWorkflowId, out, null, this::describe);
    }

    private RunRow run(String workflowId) {
        requireNonNull(workflowId, "workflowId");
        return store.read(db -> Tables.run(db, workflowId))
                .orElseThrow(
                        () -> new NoSuchRunException(workflowId, store.file().toString()));
    }

    /** Every write passes here: refused when closed, and always by a read-only engine. */
    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("The engine on " + store.file() + " is closed.");
        }
        if (access == Access.READ_ONLY) {
            throw new IllegalStateException("The engine on " + store.file() + " was opened read-only; runs are"
                    + " steered through the engine that owns the file, or one built with access OWNER or STEER_ONLY.");
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        rt.close();
        rt.awaitThreads(2_000);
        store.close();
    }
}

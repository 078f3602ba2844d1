package dev.steadfast.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.steadfast.engine.EmbeddedEngine.Access;
import dev.steadfast.error.NoSuchRunException;
import dev.steadfast.observe.RunObservers;
import dev.steadfast.run.ApprovalDecision;
import dev.steadfast.run.Decision;
import dev.steadfast.run.ReplayReport;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunQuery;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepKind;
import dev.steadfast.run.StepRecord;
import dev.steadfast.stream.EventStream;
import dev.steadfast.stream.RunEvent;
import dev.steadfast.stream.StreamCursor;
import dev.steadfast.stream.internal.RunFollower;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import dev.steadfast.workflow.WorkflowHandle;
import dev.steadfast.workflow.spi.Conversations;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded engine: {@link WorkflowEngine} on one SQLite file. Built by {@code EmbeddedEngine.builder()}. */
public final class EmbeddedWorkflowEngine implements WorkflowEngine {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedWorkflowEngine.class);
    private final SqliteStore store;
    private final EngineRuntime rt;
    private final RunViews views;
    private final Map<Class<?>, Workflow<?, ?>> byClass = new HashMap<>();
    private final RunStarts starts;
    private final EmbeddedSchedules schedules;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Access access;
    private final Steering steering;
    private final Inbox inbox;
    private final AutoCloseable waitingGauge;
    private final LiveLink live;

    public EmbeddedWorkflowEngine(
            Path database,
            boolean synchronousFull,
            int maxPayloadBytes,
            Clock clock,
            Duration unloadAfter,
            List<Workflow<?, ?>> workflows,
            Access access,
            String actor) {
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
        this.store = switch (access) {
            case READ_ONLY -> SqliteStore.openReadOnly(database);
            case STEER_ONLY -> SqliteStore.openSteering(database, synchronousFull);
            case OWNER -> SqliteStore.openOwned(database, synchronousFull);
        };
        this.rt = new EngineRuntime(store, codec, clock, unloadAfter, byName);
        this.views = new RunViews(codec);
        if (store.writer() != null) {
            store.writer().onOwnershipLost(this::ownershipLost);
        }
        var executor = new RunExecutor(rt);
        rt.launchWith(executor::launch);
        this.steering = new Steering(rt, actor);
        this.starts = new RunStarts(rt);
        this.schedules = new EmbeddedSchedules(rt, starts, this::checkOpen, access == Access.OWNER);
        if (access == Access.OWNER) {
            this.inbox = new Inbox(store, steering);
            this.waitingGauge = RunObservers.addWaitingRuns(() -> RunTraces.waiting(store));
            recover();
            inbox.start();
        } else {
            this.inbox = null;
            this.waitingGauge = () -> {};
            rt.executeNothing(); // runs stay rows; their owner resumes them and acts on what was recorded
        }
        this.live = LiveLink.open(store.file(), access == Access.OWNER, rt.streams);
    }

    /** Resumes what was running, re-arms timers, and wakes waiting runs whose signal came in before the crash. */
    private void recover() {
        List<String> running = store.read(db -> Tables.runIdsWithStatus(db, RunStatus.RUNNING));
        String who =
                rt.codec.internal("resumed by pid " + ProcessHandle.current().pid());
        long now = rt.now();
        for (String id : running) {
            // a run some process had executed (not one only started or forked, waiting for its first owner)
            if (store.read(db -> Tables.wasExecuted(db, id))) {
                rt.writer.write(db -> Tables.insertDecision(db, id, Decision.Kind.RECOVERED, null, who, "engine", now));
            }
        }
        running.forEach(rt::resume);
        store.read(Tables::timers).forEach(t -> rt.timers.schedule(t.runId(), t.wakeAt()));
        store.read(Tables::wakeableWaitingRuns).forEach(rt::resume);
        rt.timers.start();
        schedules.start(); // catches up on the slots missed while no engine ran, then fires them as they come
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
        if (w == null && access == Access.STEER_ONLY) { // the owner has the type; it decodes the input when it runs
            return startRun(
                    workflowType,
                    workflowId,
                    rt.codec.encode(input, "The input of run '" + workflowId + "'"),
                    Object.class);
        }
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
        return startRun(
                w.name(), workflowId, rt.codec.encode(input, "The input of run '" + workflowId + "'"), w.outputType());
    }

    private WorkflowHandle<Object> startRun(String type, String workflowId, String json, Type outputType) {
        checkOpen();
        RunStarts.Pending p = starts.prepare(type, workflowId, json);
        var inserted = new AtomicBoolean();
        rt.apiWrite(db -> inserted.set(RunStarts.insert(db, p, steering.actor())));
        AtomicReference<RunEnd.Ended> endForHandle = null;
        if (inserted.get()) {
            endForHandle = starts.launch(p);
        } else {
            RunRow existing = run(workflowId);
            if (!existing.type().equals(type)) {
                throw new IllegalStateException("Run '" + workflowId + "' exists and is a '" + existing.type()
                        + "', not a '" + type + "'; workflow ids are unique across types.");
            }
        }
        return new EmbeddedHandle<>(rt, workflowId, outputType, endForHandle, this::describe);
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
        checkOpen();
        RunRow run = liveRun(workflowId, "Signal '" + signalName + "'");
        String json = rt.codec.encode(payload, "Signal '" + signalName + "' for run '" + workflowId + "'");
        checkFits(run, signalName, json);
        steering.signal(workflowId, signalName, json);
    }

    /**
     * Refuses a payload that cannot be read as the type the run awaits under that name (recorded with
     * the wait), when this process has that type: better refused here than at the run.
     */
    private void checkFits(RunRow run, String signalName, String json) {
        for (StepRow s : store.read(db -> Tables.waitingSteps(db, run.id()))) {
            if (s.kind() != StepKind.SIGNAL || !signalName.equals(s.waitKey()) || s.input() == null) {
                continue;
            }
            String typeName = rt.codec.tree(s.input()).path("type").asText("");
            Workflow<?, ?> w = rt.workflows.get(run.type());
            ClassLoader loader = w != null
                    ? w.getClass().getClassLoader()
                    : Thread.currentThread().getContextClassLoader();
            Class<?> type;
            try {
                type = Class.forName(typeName, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                continue; // not known here: the owner refuses a misfit without failing the run
            }
            String why = rt.codec.misfit(json, type);
            if (why != null) {
                throw new IllegalArgumentException("Signal '" + signalName + "' was not sent to run '" + run.id()
                        + "': the run awaits type " + type.getSimpleName() + " and " + why);
            }
        }
    }

    private RunRow liveRun(String workflowId, String what) {
        RunRow run = run(workflowId);
        if (run.status().isTerminal()) {
            throw new IllegalStateException(
                    what + " was not delivered: run '" + workflowId + "' has ended (" + run.status() + ").");
        }
        return run;
    }

    @Override
    public void cancel(String workflowId) {
        checkOpen();
        RunRow run = run(workflowId);
        if (run.status().isTerminal()) {
            return;
        }
        steering.cancel(workflowId);
        // its child runs (and theirs) are cancelled with it: a parent that ends leaves none running
        for (RunRow child : store.read(db -> Tables.children(db, workflowId))) {
            cancel(child.id());
        }
    }

    @Override
    public void decide(String workflowId, String toolCallId, ApprovalDecision decision) {
        requireNonNull(toolCallId, "toolCallId");
        requireNonNull(decision, "decision");
        checkOpen();
        run(workflowId); // an ended run still refuses a conflicting answer by naming the first, so no liveRun here
        steering.answer(store.read(db -> RunViews.approvalOwner(db, workflowId, toolCallId)), toolCallId, decision);
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
    public ReplayReport checkReplay(RunQuery query) {
        requireNonNull(query, "query");
        List<RunRow> runs = new ArrayList<>();
        for (RunInfo info : list(query)) {
            store.read(db -> Tables.run(db, info.workflowId())).ifPresent(runs::add);
        }
        return new ReplayChecks(rt).check(runs);
    }

    /** Followers read the journal for recorded steps and the owning engine's live hub (or its copy) for the step streaming now. */
    @Override
    public EventStream<RunEvent> events(String workflowId, StreamCursor from) {
        requireNonNull(workflowId, "workflowId");
        requireNonNull(from, "from");
        describe(workflowId); // an unknown run fails here, with the engine's message
        return RunFollower.start(workflowId, from, () -> describe(workflowId), () -> history(workflowId), live.steps);
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
        String actor = steering.actor();
        rt.apiWrite(db -> {
            if (Tables.insertRun(db, row)) {
                Tables.copySteps(db, workflowId, newWorkflowId, fromSeq);
                Tables.insertDecision(db, workflowId, Decision.Kind.FORK, newWorkflowId, null, actor, now);
                Tables.insertDecision(db, newWorkflowId, Decision.Kind.START, null, null, actor, now);
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

    @Override
    public EmbeddedSchedules schedules() {
        return schedules;
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
        if (store.writer() != null && store.writer().lost() != null) {
            throw new IllegalStateException(store.writer().lost().getMessage());
        }
        if (access == Access.READ_ONLY) {
            throw new IllegalStateException("The engine on " + store.file() + " was opened read-only; runs are"
                    + " steered through the engine that owns the file, or one built with access OWNER or STEER_ONLY.");
        }
    }

    /**
     * Why this engine executes no runs now, or {@code null} while it does (an owner, open, its file's lock held):
     * what a health check reports.
     */
    public String problem() {
        if (closed.get()) {
            return "The engine on " + store.file() + " is closed.";
        }
        if (store.writer() != null && store.writer().lost() != null) {
            return store.writer().lost().getMessage();
        }
        return access == Access.OWNER
                ? null
                : "The engine on " + store.file() + " was opened " + access + ": it executes no run.";
    }

    /** Another engine took the file: stop executing here; what was not committed is that engine's to run. */
    private void ownershipLost() {
        LOG.error(
                "The engine on {} lost ownership of the file to another engine and stopped: it executes no run"
                        + " and commits nothing more. Close it; the runs go on in the engine that owns the file now.",
                store.file());
        rt.close();
    }

    /**
     * Stops the runs (interrupting their threads) and releases the file. A step body that ignores the
     * interrupt keeps the file owned: the lock (and the writer, which records its result) is released
     * only once every body has returned, so no other engine can run that step meanwhile.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (inbox != null) {
            inbox.close();
        }
        schedules.close();
        RunTraces.close(waitingGauge);
        live.close();
        rt.close();
        rt.awaitThreads(2_000);
        List<Thread> still = rt.liveThreads();
        if (still.isEmpty()) {
            store.close();
            return;
        }
        LOG.warn(
                "Closing the engine on {}: {} still run and ignore the interrupt; the engine keeps the file locked"
                        + " until they return, so no other engine runs those steps at the same time.",
                store.file(),
                still.stream().map(Thread::getName).toList());
        Thread.ofPlatform().daemon().name("steadfast-close").start(() -> {
            still.forEach(Threads::joinUninterruptibly);
            store.close();
            LOG.info("The engine on {} released the file: its last running steps returned.", store.file());
        });
    }
}

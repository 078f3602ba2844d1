package dev.steadfast.temporal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.SteadfastException;
import dev.steadfast.error.NoSuchRunException;
import dev.steadfast.observe.RunObservation;
import dev.steadfast.run.ApprovalDecision;
import dev.steadfast.run.PendingApproval;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunQuery;
import dev.steadfast.run.StepKind;
import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import dev.steadfast.stream.EventStream;
import dev.steadfast.stream.RunEvent;
import dev.steadfast.stream.StreamCursor;
import dev.steadfast.stream.internal.LiveHub;
import dev.steadfast.stream.internal.RunFollower;
import dev.steadfast.workflow.AgentWorkflow;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import dev.steadfast.workflow.WorkflowHandle;
import dev.steadfast.workflow.spi.Conversations;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DataConverter;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.DynamicWorkflow;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link WorkflowEngine} on a Temporal {@link WorkflowClient}, optionally with a worker in this process. */
public final class TemporalWorkflowEngine implements WorkflowEngine {
    private final LiveHub live = new LiveHub();
    private final WorkflowClient client;
    private final String taskQueue;
    private final Map<String, Workflow<?, ?>> workflows;
    private final Duration workflowTaskTimeout;
    private final WorkerFactory factory;
    private final Runnable onClose;
    private final DataConverter converter;
    private volatile boolean closed;
    /** Whether runs started here carry the search attributes of {@link RunAttributes}, and list filters on them. */
    private final boolean searchAttributes;

    private final RunListing visibility;

    private final ConversationStore conversations;
    private volatile TemporalSchedules schedules;
    /** How long describe waits for a worker to answer the run's state query. */
    static final Duration QUERY_WAIT = Duration.ofSeconds(5);

    /** With {@code workerOptions} {@code null}, a client-only engine: no worker in this process. */
    public TemporalWorkflowEngine(
            WorkflowClient client,
            WorkerSettings settings,
            Map<String, Workflow<?, ?>> workflows,
            Map<String, AgentActivities.Registered> agents,
            WorkerOptions workerOptions,
            WorkerFactoryOptions factoryOptions,
            Duration workflowTaskTimeout,
            boolean searchAttributes,
            Runnable onClose) {
        this.client = client;
        this.searchAttributes = searchAttributes;
        this.visibility = new RunListing(client, client.getOptions().getDataConverter(), searchAttributes);
        if (searchAttributes) {
            RunAttributes.register(client);
        }
        this.taskQueue = settings.taskQueue();
        this.workflows = Map.copyOf(workflows);
        this.workflowTaskTimeout = workflowTaskTimeout;
        this.onClose = onClose;
        this.converter = client.getOptions().getDataConverter();
        this.conversations = new ConversationStore(client, converter);
        if (workerOptions != null) {
            factory = WorkerFactory.newInstance(client, TemporalTraces.withInterceptor(factoryOptions));
            var w = factory.newWorker(taskQueue, workerOptions);
            w.registerWorkflowImplementationFactory(
                    DynamicWorkflow.class, () -> new SteadfastWorkflow(this.workflows, settings));
            var activity = new StepActivity(
                    new AgentActivities(agents, conversations, settings.bodies(), live), settings, () -> !closed);
            // Steps whose body is a lambda of this engine (atMostOnce steps, calls of unregistered agents) run on a
            // queue only this engine polls; a registered agent's calls on the agent's queue, which only the workers
            // that registered it poll. On the task queue: local activities, and calls scheduled there by older
            // versions.
            w.registerActivitiesImplementations(activity);
            factory.newWorker(settings.processQueue(), workerOptions).registerActivitiesImplementations(activity);
            for (String agent : settings.agents()) {
                factory.newWorker(settings.agentQueue(agent), workerOptions)
                        .registerActivitiesImplementations(activity);
            }
            factory.start();
        } else {
            factory = null;
        }
    }

    /** Temporal's schedules, through a schedule client made on first use. */
    @Override
    public TemporalSchedules schedules() {
        TemporalSchedules s = schedules;
        if (s == null) {
            s = new TemporalSchedules(client, taskQueue, workflows);
            schedules = s;
        }
        return s;
    }

    /** Where agent conversations are found: this worker's cache, or a run's history. */
    ConversationStore conversations() {
        return conversations;
    }

    WorkflowClient client() {
        return client;
    }

    String where() {
        return "Temporal namespace '" + client.getOptions().getNamespace() + "'";
    }

    @Override
    public <I, O> WorkflowHandle<O> start(Class<? extends Workflow<I, O>> workflow, String workflowId, I input) {
        Workflow<?, ?> w = workflows.values().stream()
                .filter(workflow::isInstance)
                .findFirst()
                .orElseThrow(() -> new SteadfastException("Workflow " + workflow.getName()
                        + " is not registered: add it with TemporalEngine.builder().register(new "
                        + workflow.getSimpleName() + "())"));
        start(w.name(), workflowId, Wire.toJson(input), null);
        return new Handle<>(this, workflowId, w.outputType());
    }

    @Override
    public WorkflowHandle<Object> start(String workflowType, String workflowId, Object input) {
        start(workflowType, workflowId, Wire.toJson(input), null);
        return new Handle<>(this, workflowId, outputType(workflowType));
    }

    private void start(String type, String workflowId, JsonNode input, Wire.ForkSeed seed) {
        var options = WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(taskQueue)
                // An id that ever ran is never started again: start is idempotent per id, as on the embedded engine.
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setWorkflowTaskTimeout(workflowTaskTimeout);
        RunObservation observed = TemporalTraces.starting(workflowId, type, workflows.get(type));
        Map<String, Object> memo = TemporalTraces.memo(
                seed == null ? Map.of() : Map.of(Wire.FORKED_FROM_MEMO, seed.forkedFrom()), observed);
        if (!memo.isEmpty()) {
            options.setMemo(memo);
        }
        if (searchAttributes) {
            options.setTypedSearchAttributes(
                    RunAttributes.atStart(workflows.get(type) instanceof AgentWorkflow<?> ? type : null));
        }
        WorkflowStub stub = client.newUntypedWorkflowStub(type, options.build());
        try {
            if (seed == null) {
                stub.start(input);
            } else {
                stub.start(input, seed);
            }
            observed.suspended(); // the client's part of the run: its workers report the rest into the same trace
        } catch (WorkflowExecutionAlreadyStarted existing) {
            // idempotent: the existing run's handle is returned (and this start is never reported)
        }
    }

    private Type outputType(String workflowType) {
        Workflow<?, ?> w = workflows.get(workflowType);
        return w == null ? Object.class : w.outputType();
    }

    @Override
    public <O> WorkflowHandle<O> handle(String workflowId, Class<O> resultType) {
        return new Handle<>(this, workflowId, resultType);
    }

    @Override
    public void signal(String workflowId, String signalName, Object payload) {
        send(workflowId, signalName, Wire.toJson(payload));
    }

    @Override
    public void approve(String workflowId, String toolCallId) {
        workflowId = approvalOwner(workflowId, toolCallId);
        if (!alreadyAnswered(workflowId, toolCallId, ApprovalDecision.approve())) {
            send(workflowId, Wire.APPROVE_SIGNAL, toolCallId);
        }
    }

    @Override
    public void deny(String workflowId, String toolCallId, String reason) {
        workflowId = approvalOwner(workflowId, toolCallId);
        if (!alreadyAnswered(workflowId, toolCallId, ApprovalDecision.deny(reason))) {
            send(workflowId, Wire.DENY_SIGNAL, toolCallId, reason);
        }
    }

    @Override
    public void decide(String workflowId, String toolCallId, ApprovalDecision decision) {
        workflowId = approvalOwner(workflowId, toolCallId);
        if (!alreadyAnswered(workflowId, toolCallId, decision)) {
            send(workflowId, Wire.DECIDE_SIGNAL, toolCallId, Wire.toJson(decision));
        }
    }

    /** Decisions are facts here too: the same answer again sends nothing, a different one is refused naming the first. */
    private boolean alreadyAnswered(String workflowId, String toolCallId, ApprovalDecision answer) {
        return Decisions.alreadyAnswered(
                workflowId, Decisions.of(RunChain.flat(events(workflowId)), converter), toolCallId, answer);
    }

    private void send(String workflowId, String name, Object... args) {
        try {
            client.newUntypedWorkflowStub(workflowId).signal(name, args);
        } catch (WorkflowNotFoundException e) {
            // Temporal says "not found" also for a run that ended: say which, as the embedded engine does
            RunInfo run = describe(workflowId);
            throw new IllegalStateException("Signal '" + name + "' was not delivered: run '" + workflowId
                    + "' has ended (" + run.status() + ").");
        }
    }

    @Override
    public void cancel(String workflowId) {
        try {
            client.newUntypedWorkflowStub(workflowId).cancel();
        } catch (WorkflowNotFoundException e) {
            throw new NoSuchRunException(workflowId, where());
        }
    }

    @Override
    public RunInfo describe(String workflowId) {
        WorkflowExecutionInfo info = info(workflowId);
        Wire.RunState state = info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
                ? state(workflowId)
                : null;
        RunInfo run = Runs.describe(info, events(workflowId), state, converter, Runs.forkedFrom(info, converter));
        return state == null ? run : Runs.withApprovals(run, childApprovals(run));
    }

    /**
     * Whether a listed run is a child run. Visibility rows may carry neither the parent nor the memo (the test
     * server's do not): a run whose id has a child's form ({@code <parent>.c<seq>}) is described to be sure.
     */
    private boolean isChild(WorkflowExecutionInfo listed) {
        if (Runs.parentId(listed, converter) != null) {
            return true;
        }
        return listed.getExecution().getWorkflowId().matches(".*\\.c[0-9]+")
                && Runs.parentId(info(listed.getExecution().getWorkflowId()), converter) != null;
    }

    /** The pending approvals of {@code run}'s open children (theirs included): decided through {@code run}'s id. */
    private List<PendingApproval> childApprovals(RunInfo run) {
        var pending = new java.util.ArrayList<PendingApproval>();
        for (String child : run.childIds()) {
            RunInfo c = describe(child);
            if (!c.status().isTerminal()) {
                pending.addAll(c.pendingApprovals());
            }
        }
        return pending;
    }

    /** The run among {@code workflowId} and its open children (theirs included) that waits for {@code toolCallId}. */
    private String approvalOwner(String workflowId, String toolCallId) {
        RunInfo run = describe(workflowId);
        for (String child : run.childIds()) {
            RunInfo c = describe(child);
            if (!c.status().isTerminal()
                    && c.pendingApprovals().stream()
                            .anyMatch(p -> p.toolCallId().equals(toolCallId))) {
                return approvalOwner(child, toolCallId);
            }
        }
        return workflowId;
    }

    private WorkflowExecutionInfo info(String workflowId) {
        try {
            return client.getWorkflowServiceStubs()
                    .blockingStub()
                    .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(client.getOptions().getNamespace())
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                            .build())
                    .getWorkflowExecutionInfo();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw new NoSuchRunException(workflowId, where());
            }
            throw e;
        }
    }

    /**
     * The run's waits, by query; {@code null} when no worker answers within {@link #QUERY_WAIT} (then describe says
     * RUNNING). The query goes on in a virtual thread of its own until the server gives up on it: nothing waits for
     * it past the cap (an executor closed here would wait for it, about a minute).
     */
    private Wire.RunState state(String workflowId) {
        var answer = new CompletableFuture<Wire.RunState>();
        Thread.ofVirtual().name("steadfast-query-" + workflowId).start(() -> {
            try {
                answer.complete(client.newUntypedWorkflowStub(workflowId).query(Wire.STATE_QUERY, Wire.RunState.class));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            return answer.get(QUERY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    /** The histories of every execution of the run, oldest first ({@link RunChain}). */
    private List<List<HistoryEvent>> events(String workflowId) {
        try {
            return RunChain.histories(client, workflowId, null);
        } catch (WorkflowNotFoundException e) {
            throw new NoSuchRunException(workflowId, where());
        }
    }

    @Override
    public List<RunInfo> list(RunQuery query) {
        List<WorkflowExecutionInfo> infos = visibility.executions(query).stream()
                .filter(i -> query.includeChildren() || !isChild(i))
                .toList();
        var byId = new java.util.HashMap<String, WorkflowExecutionInfo>();
        infos.forEach(i -> byId.put(i.getExecution().getWorkflowId(), i));
        List<RunInfo> page = infos.stream()
                .map(i -> Runs.summary(i, converter))
                .filter(r -> Runs.matches(r, query))
                .sorted(Comparator.comparing(RunInfo::createdAt).reversed())
                .skip(query.offset())
                .limit(query.limit())
                .toList();
        // visibility knows neither steps, tokens, cost nor whether an open run waits: each row of the page is
        // described from its history (and, open, its state query), all at once, as the embedded engine lists them
        try (var each = Executors.newVirtualThreadPerTaskExecutor()) {
            var full = page.stream()
                    .map(r -> CompletableFuture.supplyAsync(
                            () -> {
                                WorkflowExecutionInfo info = byId.get(r.workflowId());
                                Wire.RunState state =
                                        info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
                                                ? state(r.workflowId())
                                                : null;
                                return Runs.describe(info, events(r.workflowId()), state, converter, r.forkedFrom());
                            },
                            each))
                    .toList();
            return full.stream()
                    .map(CompletableFuture::join)
                    .filter(r -> query.statuses().isEmpty() || query.statuses().contains(r.status()))
                    .toList();
        }
    }

    /**
     * Recorded steps from history; a model step that a worker in this process runs streams live (its
     * deltas never pass through workflow history). Steps run by workers elsewhere appear once recorded.
     */
    @Override
    public EventStream<RunEvent> events(String workflowId, StreamCursor from) {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(from, "from");
        return RunFollower.start(workflowId, from, () -> describe(workflowId), () -> history(workflowId), live);
    }

    @Override
    public List<StepRecord> history(String workflowId) {
        // Model steps record only their new messages; history shows each request's whole conversation.
        return Conversations.withFullInputs(HistoryDecoder.decodeChain(events(workflowId), converter));
    }

    @Override
    public WorkflowHandle<Object> fork(String workflowId, int fromSeq, String newWorkflowId) {
        WorkflowExecutionInfo info = info(workflowId);
        List<List<HistoryEvent>> events = events(workflowId);
        JsonNode input = Runs.describe(info, events, null, converter, null).input();
        var seeds = new HashMap<Integer, Wire.Seeded>();
        for (StepRecord r : HistoryDecoder.decodeChain(events, converter)) {
            if (r.seq() < fromSeq && (r.status() == StepStatus.COMPLETED || r.status() == StepStatus.FAILED)) {
                seeds.put(
                        r.seq(),
                        new Wire.Seeded(
                                r.kind(),
                                r.name(),
                                r.output(),
                                r.error(),
                                r.kind() == StepKind.SIGNAL && r.output() == null,
                                r.usage(),
                                r.cost()));
            }
        }
        start(info.getType().getName(), newWorkflowId, input, new Wire.ForkSeed(workflowId, seeds));
        return new Handle<>(this, newWorkflowId, outputType(info.getType().getName()));
    }

    @Override
    public void close() {
        closed = true; // stops heartbeats at once, as a process that died would
        if (factory != null) {
            // Like a process that stops: steps in flight are interrupted, not recorded, and run again on the next
            // worker (the embedded engine's close() does the same).
            factory.shutdownNow();
            factory.awaitTermination(10, TimeUnit.SECONDS);
        }
        onClose.run();
    }
}

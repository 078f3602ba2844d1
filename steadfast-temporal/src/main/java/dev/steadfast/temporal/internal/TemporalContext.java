package dev.steadfast.temporal.internal;

import static dev.steadfast.run.StepKind.SIDE_EFFECT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.steadfast.error.CancelledException;
import dev.steadfast.error.NonDeterminismException;
import dev.steadfast.error.StepFailedException;
import dev.steadfast.run.ApprovalDecision;
import dev.steadfast.run.PendingApproval;
import dev.steadfast.run.StepKind;
import dev.steadfast.step.StepOptions;
import dev.steadfast.step.TypeRef;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.spi.Conversations;
import dev.steadfast.workflow.spi.StepCall;
import dev.steadfast.workflow.spi.StepExecutor;
import dev.steadfast.workflow.spi.StepMetrics;
import dev.steadfast.workflow.spi.StepOutcome;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.unsafe.WorkflowUnsafe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.slf4j.Logger;

/**
 * The workflow context and step executor of one Temporal workflow execution. Every journal entry
 * (step, model/tool call, sleep, consumed signal, approval, compensation) gets the next seq, which
 * is written into the history with it, so {@code history()} and {@code fork} speak the same seqs.
 * Time, ids and randomness come from Temporal's deterministic Workflow APIs and are not counted.
 */
final class TemporalContext implements WorkflowContext, StepExecutor {
    private record Compensation(String name, Runnable undo) {}

    private final String workflowId;
    private final Steps steps;
    private final Waits waits;
    private final Wire.ForkSeed seed;
    private final Logger logger;
    private final Deque<Compensation> compensations = new ArrayDeque<>();
    /** Each agent conversation of this run so far, by id: what its next model or tool step continues. */
    private final Map<String, ConversationChain> conversations = new HashMap<>();

    private final long inlineConversationBytes;
    private final Continuation continuation;
    private final ChildWorkflows children;
    private Random random;
    private int seq;

    TemporalContext(
            String workflowId,
            Steps steps,
            Waits waits,
            Wire.ForkSeed seed,
            Continuation continuation,
            ChildWorkflows children,
            String loggerName,
            long inlineConversationBytes) {
        this.children = children;
        this.inlineConversationBytes = inlineConversationBytes;
        this.continuation = continuation;
        this.workflowId = workflowId;
        this.steps = steps;
        this.waits = waits;
        this.seed = seed;
        this.logger = Workflow.getLogger(loggerName);
    }

    @Override
    public String workflowId() {
        return workflowId;
    }

    @Override
    public <T> T step(String name, TypeRef<T> type, StepOptions options, Callable<T> body) {
        continuation.continueIfDue(seq, waits); // a safe point: nothing is in flight between steps
        return Wire.fromJson(
                runStep(StepKind.STEP, name, NullNode.getInstance(), null, options, body, null, true)
                        .await(),
                type.type());
    }

    @Override
    public <T> T execute(StepCall<T> call) {
        if (call.kind() == StepKind.MODEL) {
            continuation.continueIfDue(seq, waits); // between agent turns: the tool calls of the last one are in
            waits.attributes().agent(call.name().substring(0, call.name().lastIndexOf('.')));
        }
        ConversationChain chain = call.kind() == StepKind.MODEL ? conversation(call.input()) : null;
        JsonNode v = start(call).await();
        if (chain != null) {
            chain.addResponse(v); // the response: the next request continues after it
        }
        return Wire.fromJson(v, call.resultType().type());
    }

    @Override
    public List<StepOutcome> executeAll(List<? extends StepCall<?>> calls) {
        var started = new ArrayList<Steps.Started>();
        for (StepCall<?> call : calls) {
            started.add(start(call));
        }
        var outcomes = new ArrayList<StepOutcome>();
        List<Object> results = Steps.awaitAll(started);
        for (int i = 0; i < results.size(); i++) {
            outcomes.add(
                    results.get(i) instanceof RuntimeException e
                            ? StepOutcome.failed(e)
                            : StepOutcome.of(Wire.fromJson(
                                    (JsonNode) results.get(i),
                                    calls.get(i).resultType().type())));
        }
        return outcomes;
    }

    @Override
    public <T> CompletableFuture<T> executeAsync(StepCall<T> call) {
        return ChildWorkflows.async(start(call), call.resultType().type());
    }

    /** The first of {@code calls} to end, recorded as the step {@code any}: a replay takes the same one. */
    @Override
    public int firstDone(List<? extends CompletableFuture<?>> calls) {
        int first = children.firstDone(calls);
        return runStep(SIDE_EFFECT, "any", NullNode.getInstance(), null, StepOptions.DEFAULT, () -> first, null, true)
                .await()
                .asInt();
    }

    private <T> Steps.Started start(StepCall<T> call) {
        if (call.kind() == StepKind.CHILD) {
            return runStep(call.kind(), call.name(), call.input(), call.options(), s -> children.start(s, call));
        }
        boolean agentStep = call.kind() == StepKind.MODEL || call.kind() == StepKind.TOOL;
        return runStep(
                call.kind(),
                call.name(),
                call.input(),
                agentStep ? conversationRef(call) : null,
                call.options(),
                call.body(),
                call.metrics(),
                !agentStep);
    }

    /** Each agent conversation of this run so far, by id. */
    Map<String, ConversationChain> conversations() {
        return conversations;
    }

    /** The conversation a model or tool step continues, as its activity input names it. */
    private Wire.ConversationRef conversationRef(StepCall<?> call) {
        String id = call.input().path(Conversations.CONVERSATION).asText(null);
        ConversationChain chain = id == null ? null : conversations.get(id);
        if (chain == null) {
            return null;
        }
        Wire.ConversationRef ref = chain.ref(id, inlineConversationBytes);
        if (call.kind() == StepKind.MODEL) {
            chain.addAll(Conversations.newMessages(call.input()));
        }
        return ref;
    }

    /** Starts (or continues) the conversation of a model step's input, or {@code null} for a step that names none. */
    private ConversationChain conversation(JsonNode input) {
        String id = input.path(Conversations.CONVERSATION).asText(null);
        return id == null ? null : conversations.computeIfAbsent(id, k -> new ConversationChain());
    }

    private <T> Steps.Started runStep(
            StepKind kind,
            String name,
            JsonNode input,
            Wire.ConversationRef conversation,
            StepOptions options,
            Callable<T> body,
            Function<? super T, StepMetrics> metrics,
            boolean local) {
        return runStep(
                kind,
                name,
                input,
                options,
                s -> steps.start(s, kind, name, input, conversation, options, body, metrics, local));
    }

    /**
     * Entry {@code s}: as a fork's seed or an earlier execution of the run recorded it, or else as {@code live}
     * starts it.
     */
    private Steps.Started runStep(
            StepKind kind, String name, JsonNode input, StepOptions options, IntFunction<Steps.Started> live) {
        int s = next();
        Wire.Seeded seeded = seeded(s, kind, name);
        if (seeded != null && seeded.error() != null) {
            throw kind == StepKind.CHILD
                    ? ChildWorkflows.failedBefore(seed.forkedFrom(), s, name, seeded.error(), seeded.metrics())
                    : new StepFailedException(
                            name, 1, seeded.error().type(), seeded.error().message(), null);
        }
        Continuation.Entry carried = carried(s, kind, name);
        if (carried != null) {
            // Recorded by an earlier execution of this run (continued as new): returned as it is, no activity.
            return steps.carried(s, kind, name, input, Continuation.replay(carried, workflowId, s));
        }
        if (seeded != null) {
            // A fork's recorded result: returned through the same activity, so the new history is complete.
            StepMetrics reused = seeded.metrics();
            return steps.start(
                    s, kind, name, input, null, options, seeded::value, reused == null ? null : v -> reused, true);
        }
        return live.apply(s);
    }

    @Override
    public void sleep(Duration duration) {
        int s = next();
        if (seeded(s, StepKind.SLEEP, "sleep") != null || carried(s, StepKind.SLEEP, "sleep") != null) {
            return;
        }
        checkCancelled();
        waits.wakeAt(now().plus(duration));
        try {
            Workflow.newTimer(
                            duration,
                            TimerOptions.newBuilder()
                                    .setSummary(Wire.SLEEP_SUMMARY + s)
                                    .build())
                    .get();
            continuation.completed(s, StepKind.SLEEP, "sleep", null, false);
        } catch (CanceledFailure e) {
            throw new CancelledException(workflowId);
        } finally {
            waits.wakeAt(null);
        }
    }

    @Override
    public <T> T awaitSignal(String name, Class<T> type) {
        return Wire.fromJson(awaitPayload(name, null), type);
    }

    @Override
    public <T> Optional<T> awaitSignal(String name, Class<T> type, Duration timeout) {
        JsonNode v = awaitPayload(name, timeout);
        return v == null ? Optional.empty() : Optional.ofNullable(Wire.fromJson(v, type));
    }

    /** The payload, or {@code null} when {@code timeout} passed first. */
    private JsonNode awaitPayload(String name, Duration timeout) {
        int s = next();
        Wire.Seeded seeded = seeded(s, StepKind.SIGNAL, name);
        if (seeded != null) {
            return seeded.timedOut() ? null : Wire.toJson(seeded.value());
        }
        Continuation.Entry carried = carried(s, StepKind.SIGNAL, name);
        if (carried != null) {
            return carried.timedOut() ? null : carried.value();
        }
        waits.awaiting(name, true);
        boolean arrived = await(timeout, () -> waits.hasSignal(name));
        waits.awaiting(name, false);
        JsonNode payload = arrived ? waits.takeSignal(name) : null;
        continuation.completed(s, StepKind.SIGNAL, name, payload, !arrived);
        Workflow.sideEffect(
                Wire.WaitResult.class, () -> new Wire.WaitResult(s, StepKind.SIGNAL, name, payload, !arrived));
        return arrived ? payload : null;
    }

    @Override
    public ApprovalDecision awaitApproval(PendingApproval pending) {
        int s = next();
        String name = pending.agent() + ".tool." + pending.toolName();
        Wire.Seeded seeded = seeded(s, StepKind.APPROVAL, name);
        if (seeded != null) {
            return Wire.fromJson(seeded.value(), ApprovalDecision.class);
        }
        Continuation.Entry carried = carried(s, StepKind.APPROVAL, name);
        if (carried != null) {
            return Wire.fromJson(carried.value(), ApprovalDecision.class);
        }
        waits.pending(pending, true);
        await(null, () -> waits.hasDecision(pending.toolCallId()));
        waits.pending(pending, false);
        ApprovalDecision d = waits.decision(pending.toolCallId());
        continuation.completed(s, StepKind.APPROVAL, name, Wire.toJson(d), false);
        Workflow.sideEffect(
                Wire.WaitResult.class, () -> new Wire.WaitResult(s, StepKind.APPROVAL, name, Wire.toJson(d), false));
        return d;
    }

    /**
     * The calls of a batch get their seqs in list order and are all pending (in the state query) while
     * the run waits, so they may be answered in any order; each answer is then recorded at its seq.
     */
    @Override
    public List<ApprovalDecision> awaitApprovals(List<PendingApproval> batch) {
        int n = batch.size();
        int[] seqs = new int[n];
        Wire.Seeded[] seeded = new Wire.Seeded[n];
        for (int k = 0; k < n; k++) {
            PendingApproval p = batch.get(k);
            seqs[k] = next();
            seeded[k] = seeded(seqs[k], StepKind.APPROVAL, p.agent() + ".tool." + p.toolName());
            Continuation.Entry carried = carried(seqs[k], StepKind.APPROVAL, p.agent() + ".tool." + p.toolName());
            if (carried != null) {
                seeded[k] =
                        new Wire.Seeded(StepKind.APPROVAL, carried.name(), carried.value(), null, false, null, null);
            }
        }
        var open = new ArrayList<PendingApproval>();
        for (int k = 0; k < n; k++) {
            if (seeded[k] == null) {
                open.add(batch.get(k));
                waits.pending(batch.get(k), true);
            }
        }
        await(null, () -> open.stream().allMatch(p -> waits.hasDecision(p.toolCallId())));
        var decisions = new ArrayList<ApprovalDecision>(n);
        for (int k = 0; k < n; k++) {
            PendingApproval p = batch.get(k);
            if (seeded[k] != null) {
                decisions.add(Wire.fromJson(seeded[k].value(), ApprovalDecision.class));
                continue;
            }
            waits.pending(p, false);
            ApprovalDecision d = waits.decision(p.toolCallId());
            int s = seqs[k];
            String name = p.agent() + ".tool." + p.toolName();
            continuation.completed(s, StepKind.APPROVAL, name, Wire.toJson(d), false);
            Workflow.sideEffect(
                    Wire.WaitResult.class,
                    () -> new Wire.WaitResult(s, StepKind.APPROVAL, name, Wire.toJson(d), false));
            decisions.add(d);
        }
        return decisions;
    }

    private boolean await(Duration timeout, BooleanSupplier ready) {
        checkCancelled();
        try {
            if (timeout == null) {
                Workflow.await(ready::getAsBoolean);
                return true;
            }
            return Workflow.await(timeout, ready::getAsBoolean);
        } catch (CanceledFailure e) {
            throw new CancelledException(workflowId);
        }
    }

    @Override
    public Instant now() {
        return Instant.ofEpochMilli(continuation.time(Workflow::currentTimeMillis));
    }

    @Override
    public String newId() {
        return continuation.id(() -> Workflow.randomUUID().toString());
    }

    @Override
    public UUID randomUUID() {
        return UUID.fromString(newId());
    }

    @Override
    public Random random() {
        if (random == null) {
            random = new Random(continuation.randomSeed());
        }
        return random;
    }

    @Override
    public boolean patched(String changeId) {
        return continuation.patched(changeId, () -> Workflow.getVersion(changeId, Workflow.DEFAULT_VERSION, 1) == 1);
    }

    @Override
    public void addCompensation(String name, Runnable undo) {
        compensations.push(new Compensation(name, undo));
    }

    @Override
    public void compensate() {
        // Detached: a cancelled run still undoes its work.
        var first = new RuntimeException[1];
        Workflow.newDetachedCancellationScope(() -> {
                    while (!compensations.isEmpty()) {
                        Compensation c = compensations.pop();
                        try {
                            runStep(
                                            StepKind.COMPENSATION,
                                            c.name(),
                                            NullNode.getInstance(),
                                            null,
                                            StepOptions.DEFAULT,
                                            () -> {
                                                c.undo().run();
                                                return null;
                                            },
                                            null,
                                            true)
                                    .await();
                        } catch (RuntimeException e) {
                            if (first[0] == null) {
                                first[0] = e;
                            }
                        }
                    }
                })
                .run();
        if (first[0] != null) {
            throw first[0];
        }
    }

    @Override
    public Logger logger() {
        return logger;
    }

    @Override
    public boolean isReplaying() {
        return WorkflowUnsafe.isReplaying();
    }

    @Override
    public boolean isDurable() {
        return true;
    }

    private int next() {
        waits.stepCount(++seq);
        return seq;
    }

    private void checkCancelled() {
        if (CancellationScope.current().isCancelRequested()) {
            throw new CancelledException(workflowId);
        }
    }

    /** The entry an earlier execution of this run recorded for {@code s}, checked against what the code asks for. */
    private Continuation.Entry carried(int s, StepKind kind, String name) {
        Continuation.Entry e = continuation.carried(s);
        if (e != null && (e.kind() != kind || !e.name().equals(name))) {
            throw new NonDeterminismException(
                    workflowId, s, e.kind() + " '" + e.name() + "'", kind + " '" + name + "'");
        }
        return e;
    }

    /** The fork seed's entry for {@code s}, checked against what the code asks for. */
    private Wire.Seeded seeded(int s, StepKind kind, String name) {
        Wire.Seeded seeded = seed == null ? null : seed.steps().get(s);
        if (seeded != null && (seeded.kind() != kind || !seeded.name().equals(name))) {
            throw new NonDeterminismException(
                    workflowId, s, seeded.kind() + " '" + seeded.name() + "'", kind + " '" + name + "'");
        }
        return seeded;
    }
}

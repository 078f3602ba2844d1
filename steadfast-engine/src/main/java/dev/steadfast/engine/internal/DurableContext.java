package dev.steadfast.engine.internal;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.steadfast.error.StepFailedException;
import dev.steadfast.model.ModelStreamEvent;
import dev.steadfast.run.ApprovalDecision;
import dev.steadfast.run.PendingApproval;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepKind;
import dev.steadfast.run.StepStatus;
import dev.steadfast.step.StepOptions;
import dev.steadfast.step.TypeRef;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.spi.StepCall;
import dev.steadfast.workflow.spi.StepExecutor;
import dev.steadfast.workflow.spi.StepOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What workflow code and the agent loop talk to in a durable run: every call becomes (or replays)
 * a journal entry at the next position. One instance per execution of a run.
 */
final class DurableContext implements WorkflowContext, StepExecutor {
    private final EngineRuntime rt;
    private final RunState st;
    private final StepRunner steps;
    private final Waits waits;
    private final Children children;
    private final Logger logger;
    private final Deque<Map.Entry<String, Runnable>> compensations = new ArrayDeque<>();

    DurableContext(EngineRuntime rt, RunState st) {
        this.rt = rt;
        this.st = st;
        this.waits = new Waits(rt);
        this.steps = new StepRunner(rt, waits);
        this.children = new Children(rt, waits);
        // Log under the workflow's own class, so users set levels by their own package.
        var workflow = rt.workflows.get(st.workflowType);
        String loggerName = workflow == null
                ? "dev.steadfast.workflow." + st.workflowType
                : workflow.getClass().getName();
        this.logger = ReplayLogger.wrap(LoggerFactory.getLogger(loggerName), st::replaying);
    }

    Object decodeInput(String json, java.lang.reflect.Type type) {
        return rt.codec.decode(json, type);
    }

    @Override
    public String workflowId() {
        return st.runId;
    }

    @Override
    public <T> T step(String name, TypeRef<T> type, StepOptions options, Callable<T> body) {
        return execute(new StepCall<>(name, StepKind.STEP, NullNode.getInstance(), type, options, body, null));
    }

    @Override
    public <T> T execute(StepCall<T> call) {
        st.checkFatal();
        return execute(st.nextSeq(), call);
    }

    private <T> T execute(int seq, StepCall<T> call) {
        return call.kind() == StepKind.CHILD ? children.run(st, seq, call) : steps.execute(st, seq, call);
    }

    @Override
    public List<StepOutcome> executeAll(List<? extends StepCall<?>> calls) {
        st.checkFatal();
        var pending = new ArrayList<CompletableFuture<?>>(calls.size());
        for (StepCall<?> call : calls) {
            pending.add(executeAsync(call)); // numbered in list order, whatever order they finish in
        }
        var outcomes = new ArrayList<StepOutcome>(calls.size());
        for (CompletableFuture<?> f : pending) {
            try {
                outcomes.add(StepOutcome.of(f.join()));
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Error err) {
                    throw err;
                }
                outcomes.add(StepOutcome.failed((RuntimeException) cause));
            }
        }
        st.checkFatal(); // a non-determinism in any of them fails the run
        return outcomes;
    }

    /** Numbers the call now; a recorded one is replayed here, a live one runs on a thread of its own. */
    @Override
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> executeAsync(StepCall<T> call) {
        st.checkFatal();
        int seq = st.nextSeq();
        StepRow rec = st.recorded(seq);
        var outcome = new CompletableFuture<Object>();
        if (rec != null && rec.isFinal()) {
            complete(outcome, () -> execute(seq, call));
        } else {
            Thread.ofVirtual()
                    .name("step-" + st.runId + "/" + seq)
                    .start(() -> complete(outcome, () -> execute(seq, call)));
        }
        return (CompletableFuture<T>) outcome;
    }

    /** The first of {@code calls} to end, recorded as the entry {@code any}: a replay takes the same one. */
    @Override
    public int firstDone(List<? extends CompletableFuture<?>> calls) {
        st.checkFatal();
        int seq = st.nextSeq();
        StepRow rec = st.recorded(seq);
        if (rec != null) {
            st.match(seq, rec, "any", StepKind.SIDE_EFFECT);
            return rt.codec.decode(rec.output(), Integer.class);
        }
        int first = StepExecutor.super.firstDone(calls);
        rt.writer.writeStep(
                st.runId, StepRow.completedAt(seq, "any", StepKind.SIDE_EFFECT, rt.codec.internal(first), rt.now()));
        return first;
    }

    private static void complete(CompletableFuture<Object> f, Callable<Object> body) {
        try {
            f.complete(body.call());
        } catch (Throwable t) {
            f.completeExceptionally(t instanceof Exception || t instanceof Error ? t : new RuntimeException(t));
        }
    }

    @Override
    public void sleep(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        waits.await(
                st,
                "sleep",
                StepKind.SLEEP,
                rt.codec.internal(Map.of("duration", duration.toString())),
                null,
                duration.toMillis(),
                null);
    }

    @Override
    public <T> T awaitSignal(String name, Class<T> type) {
        // the awaited type is recorded with the wait, so any process can check a payload before it sends it
        StepRow done = waits.await(
                st, name, StepKind.SIGNAL, rt.codec.internal(Map.of("type", type.getName())), name, null, type);
        return rt.codec.decode(done.output(), type);
    }

    @Override
    public <T> Optional<T> awaitSignal(String name, Class<T> type, Duration timeout) {
        StepRow done = waits.await(
                st,
                name,
                StepKind.SIGNAL,
                rt.codec.internal(Map.of("timeout", timeout.toString(), "type", type.getName())),
                name,
                Math.max(0, timeout.toMillis()),
                type);
        return done.output() == null ? Optional.empty() : Optional.ofNullable(rt.codec.decode(done.output(), type));
    }

    @Override
    public ApprovalDecision awaitApproval(PendingApproval pending) {
        StepRow done = waits.await(
                st,
                pending.agent() + ".approval",
                StepKind.APPROVAL,
                approvalInput(pending),
                Waits.APPROVAL_KEY_PREFIX + pending.toolCallId(),
                null,
                ApprovalDecision.class);
        return rt.codec.decode(done.output(), ApprovalDecision.class);
    }

    /**
     * Every call of the batch is made pending (a waiting journal entry, in list order) before the run
     * waits on the first, so all show in {@code describe} and may be answered in any order: an answer
     * to a later one waits as a signal until the run reaches it. The run waits on its own thread, so
     * it unloads while it waits as a single approval does.
     */
    @Override
    public List<ApprovalDecision> awaitApprovals(List<PendingApproval> batch) {
        st.checkFatal();
        int first = st.peekSeq();
        long now = rt.now();
        var fresh = new ArrayList<StepRow>();
        for (int k = 0; k < batch.size(); k++) {
            PendingApproval p = batch.get(k);
            if (batch.size() > 1 && st.recorded(first + k) == null) {
                fresh.add(new StepRow(
                        first + k,
                        p.agent() + ".approval",
                        StepKind.APPROVAL,
                        StepStatus.WAITING,
                        1,
                        approvalInput(p),
                        null,
                        null,
                        null,
                        now,
                        null,
                        Waits.APPROVAL_KEY_PREFIX + p.toolCallId(),
                        null,
                        null,
                        null));
            }
        }
        if (!fresh.isEmpty()) {
            rt.writer.write(db -> {
                for (StepRow row : fresh) {
                    Tables.putStep(db, st.runId, row);
                }
                Tables.setRunStatus(db, st.runId, RunStatus.WAITING, now);
            });
        }
        var decisions = new ArrayList<ApprovalDecision>(batch.size());
        for (int k = 0; k < batch.size(); k++) {
            StepRow rec = st.recorded(first + k);
            if (k > 0 && rec != null && rec.status() == StepStatus.WAITING) {
                st.atLiveEntry();
                // resumed mid-batch: the previous answer marked the run running while this one still waits
                rt.writer.write(db -> Tables.setRunStatus(db, st.runId, RunStatus.WAITING, rt.now()));
            }
            decisions.add(awaitApproval(batch.get(k)));
        }
        return decisions;
    }

    private String approvalInput(PendingApproval pending) {
        return rt.codec.encode(pending, "The pending approval of tool call '" + pending.toolCallId() + "'");
    }

    @Override
    public Instant now() {
        st.checkFatal();
        int seq = st.nextSeq();
        StepRow rec = st.recorded(seq);
        if (rec != null) {
            st.match(seq, rec, "now", StepKind.SIDE_EFFECT);
            return rt.codec.decode(rec.output(), Instant.class);
        }
        Instant now = rt.clock.instant();
        long at = now.toEpochMilli();
        rt.writer.writeStep(
                st.runId, StepRow.completedAt(seq, "now", StepKind.SIDE_EFFECT, rt.codec.internal(now), at));
        return now;
    }

    @Override
    public UUID randomUUID() {
        return UUID.nameUUIDFromBytes((st.seed + ":" + st.nextDraw()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Random random() {
        return new Random(st.seed * 0x9E3779B97F4A7C15L + st.nextDraw());
    }

    @Override
    public String newId() {
        return randomUUID().toString();
    }

    @Override
    public boolean patched(String changeId) {
        st.checkFatal();
        int seq = st.peekSeq();
        StepRow rec = st.recorded(seq);
        if (rec != null) {
            if (rec.kind() == StepKind.PATCH && rec.name().equals(changeId)) {
                st.nextSeq();
                return true;
            }
            return false; // this run passed here on the old code: keep to it, take nothing from the journal
        }
        st.nextSeq();
        long at = rt.now();
        rt.writer.writeStep(st.runId, StepRow.completedAt(seq, changeId, StepKind.PATCH, null, at));
        return true;
    }

    @Override
    public void addCompensation(String name, Runnable undo) {
        compensations.push(Map.entry(name, undo));
    }

    @Override
    public void compensate() {
        StepFailedException first = null;
        while (!compensations.isEmpty()) {
            Map.Entry<String, Runnable> c = compensations.pop();
            try {
                execute(new StepCall<>(
                        c.getKey(),
                        StepKind.COMPENSATION,
                        NullNode.getInstance(),
                        TypeRef.of(Void.class),
                        StepOptions.DEFAULT,
                        () -> {
                            c.getValue().run();
                            return null;
                        },
                        null));
            } catch (StepFailedException e) {
                first = first == null ? e : first; // undo the rest anyway; report the first that failed
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public Logger logger() {
        return logger;
    }

    @Override
    public boolean isReplaying() {
        return st.replaying();
    }

    @Override
    public boolean isDurable() {
        return true;
    }

    @Override
    public Consumer<ModelStreamEvent> modelEvents() {
        return rt.streams.sink;
    }
}

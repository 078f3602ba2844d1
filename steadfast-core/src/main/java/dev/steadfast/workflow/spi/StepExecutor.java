package dev.steadfast.workflow.spi;

import dev.steadfast.model.ModelStreamEvent;
import dev.steadfast.run.ApprovalDecision;
import dev.steadfast.run.PendingApproval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The one seam through which the agent loop reaches the outside world: model requests, tool
 * calls, time, ids and human approvals. A plain run executes calls directly; a durable run's
 * engine records each one as a step and replays it after a crash. The agent loop is the same code
 * in both modes.
 *
 * <p>This is an SPI for engines, not for application code.
 */
public interface StepExecutor {
    /** Performs (or replays) one call and returns its result. */
    <T> T execute(StepCall<T> call);

    /**
     * Performs several calls that may run concurrently (the tool calls of one model response).
     * They are started in list order, so a durable engine numbers them deterministically, and
     * their outcomes are returned in list order.
     */
    default List<StepOutcome> executeAll(List<? extends StepCall<?>> calls) {
        var outcomes = new ArrayList<StepOutcome>(calls.size());
        for (StepCall<?> call : calls) {
            try {
                outcomes.add(StepOutcome.of(execute(call)));
            } catch (RuntimeException e) {
                outcomes.add(StepOutcome.failed(e));
            }
        }
        return outcomes;
    }

    /**
     * Starts a call that goes on while the caller does (a child run started by {@code ctx.start}). It is
     * numbered now, in the order of the calls that start it, so a durable engine replays it at the same
     * place whatever order calls finish in. The default performs it at once.
     */
    default <T> CompletableFuture<T> executeAsync(StepCall<T> call) {
        try {
            return CompletableFuture.completedFuture(execute(call));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Waits until one of {@code calls} (from {@link #executeAsync}) has ended and returns the index of the
     * first that did; when several have, the lowest. A durable engine records the answer, so a replay
     * takes the same one. The default waits for any.
     */
    default int firstDone(List<? extends CompletableFuture<?>> calls) {
        if (calls.isEmpty()) {
            throw new IllegalArgumentException("firstDone needs at least one call");
        }
        try {
            CompletableFuture.anyOf(calls.toArray(CompletableFuture[]::new)).join();
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            // a call that failed has ended too
        }
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).isDone()) {
                return i;
            }
        }
        throw new IllegalStateException("no call ended");
    }

    /** Waits for the answer to one deferred tool call (durably, in a durable run). */
    ApprovalDecision awaitApproval(PendingApproval pending);

    /**
     * Waits for the answers to the deferred calls of one model response, which are all pending at once
     * and may be answered in any order; returns them in list order. A durable engine numbers the waits
     * in list order. The default waits for one after the other, so only the first is visible as pending
     * at a time: engines override it.
     */
    default List<ApprovalDecision> awaitApprovals(List<PendingApproval> batch) {
        var decisions = new ArrayList<ApprovalDecision>(batch.size());
        for (PendingApproval p : batch) {
            decisions.add(awaitApproval(p));
        }
        return decisions;
    }

    /** The current time (in a durable run: recorded, so replay sees the same instant). */
    Instant now();

    /** A new unique id (in a durable run: deterministic, so replay sees the same id). */
    String newId();

    /** Whether the run is replaying recorded history: no log line, usage event or cost may be emitted twice. */
    boolean isReplaying();

    /** Whether calls are recorded (a durable run) or executed directly (a plain run). */
    boolean isDurable();

    /**
     * Where a model step's streamed events go while its request runs, or {@code null} (the default) for
     * an executor that does not publish them; the model is then asked plainly, unless the run itself is
     * streamed. The consumer is called on the step body's thread, where {@code StepContext.current()}
     * names the step and attempt. Only the step's returned response is recorded, never these events.
     */
    default Consumer<ModelStreamEvent> modelEvents() {
        return null;
    }
}

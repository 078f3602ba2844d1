package dev.steadfast.temporal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.SteadfastException;
import dev.steadfast.error.CancelledException;
import dev.steadfast.error.ChildRunFailedException;
import dev.steadfast.error.StepFailedException;
import dev.steadfast.run.ErrorInfo;
import dev.steadfast.run.StepKind;
import dev.steadfast.workflow.AgentWorkflow;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.spi.ChildIds;
import dev.steadfast.workflow.spi.StepCall;
import dev.steadfast.workflow.spi.StepMetrics;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TerminatedFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Child runs as Temporal child workflows. A {@link StepKind#CHILD} step (an agent delegated to) starts the
 * workflow {@code <parent>.c<seq>} of the agent's type, which {@link SteadfastWorkflow} runs from the step's
 * input alone ({@code Delegation.runAsChild}): the child has its own history, and any worker that registered
 * the agent may run it. When it ends, its result (with its usage and cost, which is how the parent's totals
 * roll it up) or its failure is recorded in the parent as the step at {@code seq}; a replay of the parent
 * takes both from its history and starts nothing. Cancelling the parent cancels the child and waits for it
 * to end; a parent that ends otherwise asks its open children to cancel.
 */
final class ChildWorkflows {
    /** The change that records the step of a child run its cancelled parent waited for. */
    private static final String CANCELLED_STEP_RECORDED = "steadfast.cancelled-child-step";

    private final String workflowId;
    private final Steps steps;
    private final Map<String, Workflow<?, ?>> workflows;

    ChildWorkflows(String workflowId, Steps steps, Map<String, Workflow<?, ?>> workflows) {
        this.workflowId = workflowId;
        this.steps = steps;
        this.workflows = workflows;
    }

    /** Starts the child workflow of {@code call}, entry {@code seq} of this run. */
    Steps.Started start(int seq, StepCall<?> call) {
        String agent = call.input().path(StepCall.CHILD_AGENT).asText(call.name());
        if (!(workflows.get(agent) instanceof AgentWorkflow<?>)) {
            throw new SteadfastException("Run '" + workflowId + "' delegates to agent '" + agent + "', which on"
                    + " Temporal runs as a child workflow of its own: register it with the engine"
                    + " (TemporalEngine.builder().register(..)) on every worker of this task queue");
        }
        String id = ChildIds.of(workflowId, seq);
        var options = ChildWorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
                .setCancellationType(ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED)
                .setMemo(Map.of(Wire.PARENT_MEMO, workflowId))
                .setStaticSummary(call.name()) // the parent's history names the step while the child runs
                .build();
        Promise<JsonNode> result = io.temporal.workflow.Workflow.newUntypedChildWorkflowStub(agent, options)
                .executeAsync(JsonNode.class, call.input());
        return () -> end(seq, id, call, result);
    }

    /** Waits for the child and records how it ended as the parent's step {@code seq}. */
    private <T> JsonNode end(int seq, String id, StepCall<T> call, Promise<JsonNode> result) {
        JsonNode out;
        try {
            out = result.get();
        } catch (ChildWorkflowFailure f) {
            if (CancellationScope.current().isCancelRequested()) {
                throw cancelled(seq, call);
            }
            ErrorInfo error = error(id, f.getCause());
            StepMetrics spent = spentBy(f.getCause());
            var failed = spent == null
                    ? new ChildRunFailedException(call.name(), id, error.type(), error.message())
                    : new ChildRunFailedException(
                            call.name(), id, error.type(), error.message(), spent.usage(), spent.cost());
            try {
                record(seq, call, () -> {
                    throw spent == null ? failed : new Steps.SpentFailure(failed, spent);
                });
            } catch (StepFailedException recorded) {
                // recorded as the failure it is; thrown below with the child's own error type and what it used
            }
            throw failed;
        } catch (CanceledFailure c) {
            throw cancelled(seq, call);
        }
        T value = Wire.fromJson(out, call.resultType().type());
        StepMetrics metrics = call.metrics() == null ? null : call.metrics().apply(value);
        return record(seq, call, () -> out, metrics);
    }

    /**
     * The run was cancelled while child {@code seq} ran (and has ended, cancelled too): its step is recorded as failed
     * with {@link CancelledException}, as the embedded engine records the entry a cancel reaches, so the history
     * shows it ended. Recorded outside the cancelled scope; a history from before such steps were recorded replays
     * without one.
     */
    private CancelledException cancelled(int seq, StepCall<?> call) {
        var e = new CancelledException(workflowId);
        io.temporal.workflow.Workflow.newDetachedCancellationScope(() -> {
                    int version = io.temporal.workflow.Workflow.getVersion(
                            CANCELLED_STEP_RECORDED, io.temporal.workflow.Workflow.DEFAULT_VERSION, 1);
                    if (version == 1) {
                        try {
                            record(seq, call, () -> {
                                throw e;
                            });
                        } catch (StepFailedException recorded) {
                            // recorded as the failure it is
                        }
                    }
                })
                .run();
        return e;
    }

    private JsonNode record(int seq, StepCall<?> call, java.util.concurrent.Callable<JsonNode> body) {
        return record(seq, call, body, null);
    }

    private JsonNode record(
            int seq, StepCall<?> call, java.util.concurrent.Callable<JsonNode> body, StepMetrics metrics) {
        return steps.start(
                        seq,
                        StepKind.CHILD,
                        call.name(),
                        call.input(),
                        null,
                        call.options(),
                        body,
                        metrics == null ? null : v -> metrics,
                        true)
                .await();
    }

    /**
     * The failure of child {@code seq} of run {@code runId} as recorded there, with what it {@code spent} (or
     * {@code null}), again: a fork of that run replays it.
     */
    static ChildRunFailedException failedBefore(
            String runId, int seq, String name, ErrorInfo recorded, StepMetrics spent) {
        String id = ChildIds.of(runId, seq);
        String prefix = "child run '" + id + "': ";
        String message = recorded.message() == null ? "" : recorded.message();
        int at = message.lastIndexOf(prefix); // the record may wrap the message: the child's own is after the prefix
        return new ChildRunFailedException(
                name,
                id,
                recorded.type(),
                at < 0 ? message : message.substring(at + prefix.length()),
                spent == null ? null : spent.usage(),
                spent == null ? null : spent.cost());
    }

    /**
     * What the child used and cost before it failed, as {@link SteadfastWorkflow} details its failure; {@code null}
     * for a failure without details (nothing used, or a history written before failures carried it).
     */
    private static StepMetrics spentBy(Throwable cause) {
        return cause instanceof ApplicationFailure af && af.getDetails().getSize() > 0
                ? af.getDetails().get(0, StepMetrics.class)
                : null;
    }

    /** Why the child ended without a result, as the embedded engine says it. */
    private static ErrorInfo error(String id, Throwable cause) {
        return switch (cause) {
            case ApplicationFailure af -> new ErrorInfo(af.getType(), af.getOriginalMessage(), null);
            case CanceledFailure c ->
                new ErrorInfo(CancelledException.class.getName(), "run '" + id + "' was cancelled", null);
            case TerminatedFailure t -> new ErrorInfo("Terminated", t.getOriginalMessage(), null);
            case null -> new ErrorInfo("FAILED", "failed", null);
            default -> new ErrorInfo(cause.getClass().getName(), cause.getMessage(), null);
        };
    }

    /**
     * A call started by {@code executeAsync}: awaited on a workflow thread of its own, so several go on at once.
     * Its future yields to Temporal's scheduler while workflow code waits on it.
     */
    static <T> CompletableFuture<T> async(Steps.Started started, java.lang.reflect.Type type) {
        var future = new WorkflowFuture<T>();
        Async.procedure(() -> {
            try {
                future.complete(Wire.fromJson(started.await(), type));
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
        });
        return future;
    }

    /** Waits until one of {@code calls} has ended; the index of the first (the lowest when several have). */
    int firstDone(List<? extends CompletableFuture<?>> calls) {
        if (calls.isEmpty()) {
            throw new IllegalArgumentException("firstDone needs at least one call");
        }
        try {
            if (CancellationScope.current().isCancelRequested()) {
                throw new CanceledFailure("cancelled");
            }
            io.temporal.workflow.Workflow.await(() -> calls.stream().anyMatch(CompletableFuture::isDone));
        } catch (CanceledFailure e) {
            throw new CancelledException(workflowId);
        }
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).isDone()) {
                return i;
            }
        }
        throw new IllegalStateException("no call ended");
    }

    /** A future that workflow code may wait on: it waits the Temporal way, letting other workflow threads run. */
    static final class WorkflowFuture<T> extends CompletableFuture<T> {
        @Override
        public T join() {
            io.temporal.workflow.Workflow.await(this::isDone);
            return super.join();
        }

        @Override
        public T get() throws InterruptedException, java.util.concurrent.ExecutionException {
            io.temporal.workflow.Workflow.await(this::isDone);
            return super.get();
        }
    }
}

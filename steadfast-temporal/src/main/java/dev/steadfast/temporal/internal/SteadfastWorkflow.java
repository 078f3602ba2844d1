package dev.steadfast.temporal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.SteadfastException;
import dev.steadfast.agent.internal.Delegation;
import dev.steadfast.error.CancelledException;
import dev.steadfast.error.NonDeterminismException;
import dev.steadfast.run.ErrorInfo;
import dev.steadfast.workflow.AgentWorkflow;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.spi.Failures;
import dev.steadfast.workflow.spi.StepCall;
import dev.steadfast.workflow.spi.StepExecutors;
import dev.steadfast.workflow.spi.StepMetrics;
import io.temporal.common.converter.EncodedValues;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.DynamicWorkflow;
import io.temporal.workflow.WorkflowInfo;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The one Temporal workflow implementation: runs any registered Steadfast {@link Workflow} by its
 * type name. Arguments: the input as JSON, and for a fork a {@link Wire.ForkSeed}.
 *
 * <p>An exception escaping the user's {@code run} fails the workflow (a non-retryable
 * {@link ApplicationFailure} with the original class name and message) instead of failing the
 * workflow task, which Temporal would retry forever; {@code WorkflowImplementationOptions} cannot
 * do this for a {@link DynamicWorkflow}. A cancelled run ends CANCELED.
 */
public final class SteadfastWorkflow implements DynamicWorkflow {
    private final Map<String, Workflow<?, ?>> workflows;
    private final WorkerSettings settings;

    public SteadfastWorkflow(Map<String, Workflow<?, ?>> workflows, WorkerSettings settings) {
        this.workflows = workflows;
        this.settings = settings;
    }

    @Override
    public Object execute(EncodedValues args) {
        WorkflowInfo info = io.temporal.workflow.Workflow.getInfo();
        @SuppressWarnings("unchecked")
        Workflow<Object, Object> workflow = (Workflow<Object, Object>) workflows.get(info.getWorkflowType());
        if (workflow == null) {
            // Fails the workflow task, not the run: another worker of this task queue may know the type.
            throw new SteadfastException("Workflow type '" + info.getWorkflowType()
                    + "' is not registered on this worker" + " (registered: " + workflows.keySet() + ")");
        }
        var waits = new Waits();
        waits.register();
        Wire.ForkSeed seed = args.getSize() > 1 ? args.get(1, Wire.ForkSeed.class) : null;
        Continuation.Carried carried = args.getSize() > 2 ? args.get(2, Continuation.Carried.class) : null;
        if (carried != null) {
            waits.restore(carried.signals(), carried.decisions());
        }
        JsonNode json = args.get(0, JsonNode.class);
        var continuation = new Continuation(info.getWorkflowId(), json, settings, carried);
        var steps = new Steps(info.getWorkflowId(), info.getRunId(), settings, continuation);
        var ctx = new TemporalContext(
                info.getWorkflowId(),
                steps,
                waits,
                seed,
                continuation,
                new ChildWorkflows(info.getWorkflowId(), steps, workflows),
                workflow.getClass().getName(),
                settings.inlineConversationBytes());
        try {
            AgentWorkflow<?> child = asChild(info, workflow, json);
            Callable<Object> run = child != null
                    ? () -> Delegation.runAsChild(json, prompt -> child.run(ctx, prompt))
                    : () -> workflow.run(ctx, Wire.fromJson(json, workflow.inputType()));
            JsonNode output = AgentResults.compact(
                    Wire.toJson(StepExecutors.callWith(ctx, run)),
                    ctx.conversations(),
                    settings.inlineConversationBytes());
            settings.checkSize(output, "The output of run '" + info.getWorkflowId() + "'");
            return output;
        } catch (CancelledException e) {
            if (CancellationScope.current().isCancelRequested()) {
                throw new CanceledFailure(e.getMessage());
            }
            throw fail(e, continuation.spent());
        } catch (TemporalFailure e) {
            throw e;
        } catch (NonDeterminismException e) {
            // The code is at fault, not the run: failing the workflow task keeps the run open, its history untouched,
            // and Temporal retries the task until code that matches the history (or a patched guard) is deployed.
            // describe() shows the task's failure meanwhile.
            throw e;
        } catch (Exception e) {
            throw fail(e, continuation.spent());
        }
    }

    /**
     * The agent's workflow when this run is a child run ({@link ChildWorkflows}): started by another run with the
     * input of the parent's step, not a prompt; else {@code null}.
     */
    private static AgentWorkflow<?> asChild(WorkflowInfo info, Workflow<?, ?> workflow, JsonNode input) {
        return info.getParentWorkflowId().isPresent()
                        && workflow instanceof AgentWorkflow<?> agent
                        && input.isObject()
                        && input.has(StepCall.CHILD_AGENT)
                ? agent
                : null;
    }

    /**
     * The run's failure; its one detail is what the run's steps used and cost ({@code spent}, when anything), which a
     * parent records with its child's failed step ({@link ChildWorkflows}). A failure without it used nothing, or
     * was written before failures carried it.
     */
    private static ApplicationFailure fail(Exception e, StepMetrics spent) {
        ErrorInfo error = Failures.errorInfo(e);
        var b = ApplicationFailure.newBuilder()
                .setType(error.type())
                .setMessage(error.message())
                .setNonRetryable(true);
        if (!spent.usage().equals(dev.steadfast.usage.Usage.NONE)
                || spent.cost().signum() != 0) {
            b.setDetails(spent);
        }
        ApplicationFailure f = b.build();
        f.setStackTrace(e.getStackTrace());
        return f;
    }
}

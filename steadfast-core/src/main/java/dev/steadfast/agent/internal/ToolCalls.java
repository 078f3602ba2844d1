package dev.steadfast.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.steadfast.agent.internal.AgentSteps.ToolResult;
import dev.steadfast.error.ChildRunFailedException;
import dev.steadfast.message.Messages;
import dev.steadfast.message.RequestPart;
import dev.steadfast.message.RetryPromptPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.observe.StepDetails;
import dev.steadfast.run.ApprovalDecision;
import dev.steadfast.run.PendingApproval;
import dev.steadfast.run.StepKind;
import dev.steadfast.step.StepContext;
import dev.steadfast.step.TypeRef;
import dev.steadfast.usage.UsageLimitExceeded;
import dev.steadfast.workflow.spi.StepCall;
import dev.steadfast.workflow.spi.StepMetrics;
import dev.steadfast.workflow.spi.StepOutcome;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the function-tool calls of one model response: unknown names and arguments that do not
 * validate become retry prompts (charged to the tool's budget); the rest run together, each as a
 * step {@code <agent>.tool.<tool>}. Calls that need an answer from outside (approval, external
 * tools) are left for {@link #resolveDeferred}, which asks for all of them at once.
 */
final class ToolCalls<D, O> {
    private static final TypeRef<ToolResult> TOOL_RESULT = TypeRef.of(ToolResult.class);

    /**
     * The answers to a batch of calls, in call order.
     *
     * @param parts one answer per call; {@code null} for a deferred call, answered later
     * @param toolRetried whether a known function tool asked for a retry (an unknown name does not count)
     */
    record Answers(RequestPart[] parts, boolean toolRetried) {}

    private record Ready(int index, ToolCallPart call, ToolSpec.BoundCall bound) {}

    private final AgentRunState<D, O> run;

    ToolCalls(AgentRunState<D, O> run) {
        this.run = run;
    }

    /** Whether {@code call} waits for an answer from outside the run. */
    boolean isDeferred(ToolCallPart call) {
        ToolSpec tool = run.tools.get(call.toolName());
        return tool != null && tool.deferred();
    }

    Answers run(List<ToolCallPart> calls) {
        var parts = new RequestPart[calls.size()];
        var ready = new ArrayList<Ready>();
        boolean retried = false;
        for (int i = 0; i < calls.size(); i++) {
            ToolCallPart call = calls.get(i);
            ToolSpec tool = run.tools.get(call.toolName());
            if (tool == null) {
                parts[i] = retry(
                        call, "Unknown tool name: '" + call.toolName() + "'. Available tools: " + availableTools());
            } else if (!tool.deferred()) {
                try {
                    ready.add(new Ready(i, call, tool.binder().bind(call.args())));
                } catch (ToolSpec.InvalidArguments e) {
                    parts[i] = retry(call, e.getMessage());
                    retried = true;
                }
            }
        }
        retried |= execute(ready, parts);
        return new Answers(parts, retried);
    }

    /**
     * Answers the deferred calls of a response that did not end the run: their arguments are checked,
     * then the run waits for all their answers at once (in any order), then the approved calls run.
     */
    List<RequestPart> resolveDeferred(List<ToolCallPart> calls) {
        var parts = new RequestPart[calls.size()];
        var waiting = new ArrayList<Integer>();
        var pending = new ArrayList<PendingApproval>();
        for (int i = 0; i < calls.size(); i++) {
            ToolCallPart call = calls.get(i);
            ToolSpec tool = run.tools.get(call.toolName());
            try {
                tool.binder().bind(call.args());
            } catch (ToolSpec.InvalidArguments e) {
                parts[i] = retry(call, e.getMessage());
                continue;
            }
            waiting.add(i);
            pending.add(new PendingApproval(
                    call.toolCallId(), run.config.name(), call.toolName(), call.args(), tool.external()));
        }
        List<ApprovalDecision> decisions = pending.isEmpty() ? List.of() : run.executor.awaitApprovals(pending);
        var ready = new ArrayList<Ready>();
        for (int k = 0; k < waiting.size(); k++) {
            int i = waiting.get(k);
            ToolCallPart call = calls.get(i);
            ApprovalDecision d = decisions.get(k);
            ToolSpec tool = run.tools.get(call.toolName());
            if (d.failed()) {
                parts[i] = ToolReturnPart.failed(call.toolName(), call.toolCallId(), d.reason());
            } else if (!d.approved()) {
                parts[i] = new ToolReturnPart(
                        call.toolName(),
                        call.toolCallId(),
                        Messages.toTree("The tool call was denied: " + d.reason()),
                        ToolReturnPart.Outcome.DENIED);
            } else if (tool.external()) {
                parts[i] = d.result() == null
                        ? ToolReturnPart.failed(
                                call.toolName(), call.toolCallId(), "The call was approved but given no result.")
                        : new ToolReturnPart(call.toolName(), call.toolCallId(), d.result());
                if (d.result() != null) {
                    run.budgets.succeed(call.toolName());
                    run.addToolCall();
                }
            } else {
                ToolCallPart approved =
                        d.args() == null ? call : new ToolCallPart(call.toolName(), call.toolCallId(), d.args());
                try {
                    ready.add(new Ready(i, approved, tool.binder().bind(approved.args())));
                } catch (ToolSpec.InvalidArguments e) {
                    parts[i] = retry(call, e.getMessage()); // the overriding arguments did not validate
                }
            }
        }
        run.checkBeforeToolCalls(ready.size());
        execute(ready, parts);
        return Arrays.asList(parts);
    }

    /**
     * Calls an output function as a step {@code <agent>.output.<name>} and returns its value as the
     * output type.
     *
     * @throws ToolSpec.InvalidArguments when the arguments do not validate
     * @throws FunctionRetry when the function asked for a retry ({@code ModelRetry}, {@code ToolFailed}, a timeout)
     */
    O callOutputFunction(ToolSpec function, ToolCallPart call) {
        ToolSpec.BoundCall bound = function.binder().bind(call.args());
        StepCall<ToolResult> step =
                step(call, bound, function, run.config.name() + ".output." + call.toolName(), false);
        ToolResult result = run.executor.execute(step);
        if (result.usage() != null || result.cost() != null) {
            StepMetrics nested = result.metrics();
            run.add(nested.usage(), nested.cost());
        }
        if (result.exceeded() != null) {
            throw new UsageLimitExceeded(result.exceeded());
        }
        if (result.retry() != null || result.failed() != null) {
            throw new FunctionRetry(result.retry() != null ? result.retry() : result.failed());
        }
        run.checkTokensAndCost();
        try {
            return Messages.mapper()
                    .treeToValue(result.value(), run.config.output().type());
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Output function '" + call.toolName() + "' returned what is not a "
                            + run.config.output().type().getName() + ": " + e.getMessage(),
                    e);
        }
    }

    /** An output function asked the model to try again; the message is for the model. */
    static final class FunctionRetry extends RuntimeException {
        FunctionRetry(String message) {
            super(message, null, false, false);
        }
    }

    /** Runs {@code ready} calls together as steps and answers them; returns whether one asked for a retry. */
    private boolean execute(List<Ready> ready, RequestPart[] parts) {
        if (ready.isEmpty()) {
            return false;
        }
        var steps = new ArrayList<StepCall<ToolResult>>();
        for (Ready r : ready) {
            ToolSpec tool = run.tools.get(r.call().toolName());
            steps.add(step(
                    r.call(),
                    r.bound(),
                    tool,
                    run.config.name() + ".tool." + r.call().toolName(),
                    true));
        }
        List<StepOutcome> outcomes = run.executor.executeAll(steps);
        boolean retried = false;
        String exceeded = null;
        for (int k = 0; k < ready.size(); k++) {
            int i = ready.get(k).index();
            ToolCallPart call = ready.get(k).call();
            StepOutcome outcome = outcomes.get(k);
            ToolSpec tool = run.tools.get(call.toolName());
            if (outcome.error() instanceof ChildRunFailedException failed && tool.delegate()) {
                run.add(failed.usage(), failed.cost()); // what a delegate used before it failed is spent all the same
            }
            if (outcome.error() != null
                    && tool.delegate()
                    && Delegation.reachesModel(outcome.error(), run.executor.isDurable())) {
                // a delegate that failed is the model's to work around, as a tool that throws ToolFailed is
                parts[i] = ToolReturnPart.failed(
                        call.toolName(), call.toolCallId(), Delegation.failure(call.toolName(), outcome.error()));
                continue;
            }
            ToolResult result = (ToolResult) outcome.getOrThrow();
            if (result.usage() != null || result.cost() != null) {
                StepMetrics nested = result.metrics();
                run.add(nested.usage(), nested.cost()); // what agent runs inside the call used is this run's too
            }
            if (result.exceeded() != null) {
                exceeded = result.exceeded();
            } else if (result.retry() != null) {
                parts[i] = retry(call, result.retry());
                retried = true;
            } else if (result.failed() != null) {
                parts[i] = ToolReturnPart.failed(call.toolName(), call.toolCallId(), result.failed());
            } else {
                run.budgets.succeed(call.toolName());
                run.addToolCall();
                parts[i] = new ToolReturnPart(call.toolName(), call.toolCallId(), result.value());
            }
        }
        if (exceeded != null) {
            throw new UsageLimitExceeded(exceeded);
        }
        run.checkTokensAndCost();
        return retried;
    }

    private RetryPromptPart retry(ToolCallPart call, String problem) {
        run.budgets.fail(call.toolName(), run.maxRetries(call.toolName()), run.toolExceeded(call.toolName(), problem));
        return new RetryPromptPart(call.toolName(), call.toolCallId(), problem);
    }

    /** {@code toolCall}: a function tool's call, which counts in the run's tool calls (an output function's does not). */
    private StepCall<ToolResult> step(
            ToolCallPart call, ToolSpec.BoundCall bound, ToolSpec tool, String name, boolean toolCall) {
        int retry = run.budgets.retry(call.toolName());
        boolean child = tool.delegate() && run.executor.isDurable(); // a child run with a journal of its own
        boolean inline = tool.delegate() && !run.executor.isDurable(); // a delegate run inside the tool's own call
        JsonNode input = run.executor.isDurable()
                ? Messages.toTree(new AgentSteps.ToolInput(
                        call.toolCallId(),
                        call.args(),
                        run.runId,
                        retry,
                        run.usage(),
                        run.maxRetries(call.toolName()),
                        run.cost().signum() == 0 ? null : run.cost(),
                        // a child run may run apart from this run's code: its input carries the limits that bind it
                        run.limits.equals(run.config.usageLimits()) && !child ? null : run.limits,
                        run.toolsetOf(call.toolName())))
                : NullNode.getInstance();
        BigDecimal cost = run.cost();
        return new StepCall<>(
                name,
                child ? StepKind.CHILD : StepKind.TOOL,
                child ? Delegation.childInput(input, tool) : input,
                TOOL_RESULT,
                tool.stepOptions(),
                () -> {
                    // In a durable run the step's key (workflowId/seq) is stable across attempts and replays.
                    String key =
                            StepContext.current().map(StepContext::key).orElse(run.runId + "/" + call.toolCallId());
                    return AgentSteps.callTool(
                            tool, bound, run.toolContext(call, key), run.limits, cost, inline ? call.toolName() : null);
                },
                toolCall ? ToolResult::metricsOfToolCall : ToolResult::metrics,
                StepDetails.tool(
                        run.config.name(),
                        call.toolName(),
                        call.toolCallId(),
                        () -> call.args().toString()));
    }

    private String availableTools() {
        var names = new ArrayList<>(run.tools.keySet());
        names.addAll(run.config.output().toolNames());
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}

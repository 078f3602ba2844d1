package dev.steadfast.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.steadfast.agent.internal.AgentSteps.ToolResult;
import dev.steadfast.message.Messages;
import dev.steadfast.message.RequestPart;
import dev.steadfast.message.RetryPromptPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.run.ApprovalDecision;
import dev.steadfast.run.PendingApproval;
import dev.steadfast.run.StepKind;
import dev.steadfast.step.StepContext;
import dev.steadfast.step.TypeRef;
import dev.steadfast.workflow.spi.StepCall;
import dev.steadfast.workflow.spi.StepMetrics;
import dev.steadfast.workflow.spi.StepOutcome;
import dev.steadfast.usage.Usage;
import dev.steadfast.usage.UsageLimitExceeded;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the function-tool calls of one model response: unknown names and arguments that do not
 * validate become retry prompts (charged to the tool's budget); calls that need approval wait for
 * a decision; the rest run together, each as a step {@code <agent>.tool.<tool>}.
 */
final class ToolCalls<D, O> {
    private static final TypeRef<ToolResult> TOOL_RESULT = TypeRef.of(ToolResult.class);

    /**
     * The answers to a batch of calls, in call order.
     *
     * @param parts one answer per call
     * @param toolRetried whether a known function tool asked for a retry (an unknown name does not count)
     */
    record Answers(List<RequestPart> parts, boolean toolRetried) {}

    private final AgentRunState<D, O> run;

    ToolCalls(AgentRunState<D, O> run) {
        this.run = run;
    }

    Answers run(List<ToolCallPart> calls) {
        var parts = new RequestPart[calls.size()];
        var bound = new ToolSpec.BoundCall[calls.size()];
        boolean retried = false;
        var runnable = new ArrayList<Integer>();
        for (int i = 0; i < calls.size(); i++) {
            ToolCallPart call = calls.get(i);
            ToolSpec tool = run.config.tools().get(call.toolName());
            if (tool == null) {
                parts[i] = retry(call, "Unknown tool name: '" + call.toolName() + "'. Available tools: " + availableTools());
                continue;
            }
            try {
                bound[i] = tool.binder().bind(call.args());
            } catch (ToolSpec.InvalidArguments e) {
                parts[i] = retry(call, e.getMessage());
                retried = true;
                continue;
            }
            if (tool.requiresApproval()) {
                ApprovalDecision d = run.executor.awaitApproval(
                        new PendingApproval(call.toolCallId(), run.config.name(), call.toolName(), call.args()));
                if (!d.approved()) {
                    parts[i] = ToolReturnPart.of(call.toolName(), call.toolCallId(), "The tool call was denied: " + d.reason());
                    continue;
                }
            }
            runnable.add(i);
        }
        var steps = new ArrayList<StepCall<ToolResult>>();
        for (int i : runnable) {
            steps.add(step(calls.get(i), bound[i]));
        }
        List<StepOutcome> outcomes = run.executor.executeAll(steps);
        String exceeded = null;
        for (int k = 0; k < runnable.size(); k++) {
            int i = runnable.get(k);
            ToolCallPart call = calls.get(i);
            ToolResult result = (ToolResult) outcomes.get(k).getOrThrow();
            StepMetrics nested = result.metrics();
            if (!nested.usage().equals(Usage.NONE) || nested.cost().signum() != 0) {
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
        if (!runnable.isEmpty()) {
            run.checkTokensAndCost();
        }
        return new Answers(List.of(parts), retried);
    }

    private RetryPromptPart retry(ToolCallPart call, String problem) {
        run.budgets.fail(call.toolName(), run.maxRetries(call.toolName()), run.toolExceeded(call.toolName(), problem));
        return new RetryPromptPart(call.toolName(), call.toolCallId(), problem);
    }

    private StepCall<ToolResult> step(ToolCallPart call, ToolSpec.BoundCall bound) {
        ToolSpec tool = run.config.tools().get(call.toolName());
        int retry = run.budgets.retry(call.toolName());
        JsonNode input = run.executor.isDurable()
                ? Messages.toTree(new AgentSteps.ToolInput(call.toolCallId(), call.args(), run.runId, retry, run.usage(),
                        run.maxRetries(call.toolName()), run.cost().signum() == 0 ? null : run.cost(),
                        run.limits.equals(run.config.usageLimits()) ? null : run.limits))
                : NullNode.getInstance();
        BigDecimal cost = run.cost();
        return new StepCall<>(run.config.name() + ".tool." + call.toolName(), StepKind.TOOL, input, TOOL_RESULT,
                tool.stepOptions(), () -> {
                    // In a durable run the step's key (workflowId/seq) is stable across attempts and replays.
                    String key = StepContext.current().map(StepContext::key).orElse(run.runId + "/" + call.toolCallId());
                    return AgentSteps.callTool(tool, bound, run.toolContext(call, key), run.limits, cost);
                }, ToolResult::metrics);
    }

    private String availableTools() {
        var names = new ArrayList<>(run.config.tools().keySet());
        names.addAll(run.config.output().toolNames());
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}

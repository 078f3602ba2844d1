package dev.steadfast.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.agent.ModelRetry;
import dev.steadfast.agent.RunContext;
import dev.steadfast.agent.RunOptions;
import dev.steadfast.agent.internal.AgentSteps.ToolResult;
import dev.steadfast.error.UnexpectedModelBehavior;
import dev.steadfast.message.Message;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.RequestPart;
import dev.steadfast.message.RetryPromptPart;
import dev.steadfast.message.SystemPromptPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.message.UserPromptPart;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.run.ApprovalDecision;
import dev.steadfast.run.PendingApproval;
import dev.steadfast.run.StepKind;
import dev.steadfast.step.StepContext;
import dev.steadfast.step.TypeRef;
import dev.steadfast.usage.Usage;
import dev.steadfast.usage.UsageLimits;
import dev.steadfast.workflow.spi.StepCall;
import dev.steadfast.workflow.spi.StepExecutor;
import dev.steadfast.workflow.spi.StepExecutors;
import dev.steadfast.workflow.spi.StepMetrics;
import dev.steadfast.workflow.spi.StepOutcome;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One agent run: request → tool calls → retry prompts → final output. The loop itself is
 * deterministic; every model request and tool call goes through a {@link StepExecutor} (the
 * workflow's, when the run is on a workflow thread), so a durable engine records each one.
 */
public final class AgentLoop<D, O> {
    private static final TypeRef<ModelResponse> RESPONSE = TypeRef.of(ModelResponse.class);
    private static final TypeRef<ToolResult> TOOL_RESULT = TypeRef.of(ToolResult.class);

    private final AgentConfig<D, O> config;
    private final RunOptions<D> options;
    private final StepExecutor executor;
    private final UsageLimits limits;
    private final ModelRequestParameters parameters;
    private final List<Message> messages;
    private final int firstNew;
    private final Map<String, Integer> toolRetries = new HashMap<>();
    private final String runId;
    private int outputRetries;
    private int sentToModel;
    private Usage usage = Usage.NONE;
    private BigDecimal cost = BigDecimal.ZERO;

    public AgentLoop(AgentConfig<D, O> config, RunOptions<D> options) {
        this.config = config;
        this.options = options;
        this.executor = StepExecutors.current().orElseGet(() -> new PlainStepExecutor(config.clock(), this::decide));
        this.limits = options.usageLimits() != null ? options.usageLimits() : config.usageLimits();
        this.parameters = config.parameters();
        this.messages = new ArrayList<>(options.messageHistory());
        this.firstNew = messages.size();
        this.runId = executor.newId();
    }

    public AgentResult<O> run(String prompt) {
        var first = new ArrayList<RequestPart>();
        if (messages.isEmpty()) {
            String instructions = joinInstructions();
            if (instructions != null) {
                first.add(new SystemPromptPart(instructions));
            }
        }
        first.add(new UserPromptPart(prompt));
        ModelRequest request = new ModelRequest(first);
        while (true) {
            messages.add(request);
            ModelResponse response = requestModel();
            messages.add(response);
            Turn turn = handle(response);
            if (turn.output != null) {
                if (!turn.closing.isEmpty()) {
                    messages.add(new ModelRequest(turn.closing));
                }
                return new AgentResult<>(config.output().type().cast(turn.output.value()), usage, cost, messages,
                        messages.subList(firstNew, messages.size()), runId);
            }
            request = new ModelRequest(turn.closing);
        }
    }

    private String joinInstructions() {
        String prompted = config.output().promptedInstructions();
        if (config.instructions() == null) {
            return prompted;
        }
        return prompted == null ? config.instructions() : config.instructions() + "\n\n" + prompted;
    }

    private ModelResponse requestModel() {
        limits.checkBeforeRequest(usage);
        List<Message> conversation = List.copyOf(messages);
        JsonNode input = NullNode.getInstance();
        if (executor.isDurable()) { // only a recording executor reads the input; a plain run skips the tree copy
            input = Messages.toTree(new AgentSteps.ModelInput(runId,
                    Messages.toJsonTree(conversation.subList(sentToModel, conversation.size())), options.modelSettings()));
        }
        var call = new StepCall<>(config.name() + ".model", StepKind.MODEL, input, RESPONSE, config.modelStepOptions(),
                () -> AgentSteps.requestModel(config, conversation, options.modelSettings()),
                r -> AgentSteps.metrics(config, r));
        ModelResponse response = executor.execute(call);
        sentToModel = conversation.size() + 1;
        StepMetrics used = AgentSteps.metrics(config, response);
        usage = usage.plus(used.usage());
        cost = cost.add(used.cost());
        limits.checkTokensAndCost(usage, cost);
        return response;
    }

    /** What one response leads to: the parts of the next request, and the output if the run ends. */
    private record Turn(List<RequestPart> closing, Final<?> output) {}

    private record Final<T>(T value) {}

    private Turn handle(ModelResponse response) {
        List<ToolCallPart> calls = response.toolCalls();
        if (calls.isEmpty()) {
            return handleText(response);
        }
        var parts = new RequestPart[calls.size()];
        Final<O> output = null;
        for (int i = 0; i < calls.size(); i++) {
            ToolCallPart call = calls.get(i);
            if (!config.output().isOutputTool(call.toolName())) {
                continue;
            }
            if (output != null) {
                parts[i] = ToolReturnPart.of(call.toolName(), call.toolCallId(), "Output tool not used - a final result was already processed.");
                continue;
            }
            try {
                O value = validateOutput(config.output().parseToolCall(call.toolName(), call.args()), call);
                output = new Final<>(value);
                parts[i] = ToolReturnPart.of(call.toolName(), call.toolCallId(), "Final result processed.");
            } catch (ToolSpec.InvalidArguments | ModelRetry e) {
                parts[i] = new RetryPromptPart(call.toolName(), call.toolCallId(), retryOutput(e.getMessage()));
            }
        }
        if (output != null) {
            for (int i = 0; i < calls.size(); i++) {
                if (parts[i] == null) {
                    parts[i] = ToolReturnPart.of(calls.get(i).toolName(), calls.get(i).toolCallId(),
                            "Tool not executed - a final result was already processed.");
                }
            }
            return new Turn(List.of(parts), output);
        }
        runTools(calls, parts);
        return new Turn(List.of(parts), null);
    }

    private Turn handleText(ModelResponse response) {
        String text = response.text();
        if (text.isBlank()) {
            return new Turn(List.of(new RetryPromptPart(null, null, retryOutput("The response was empty; answer the request."))), null);
        }
        if (!parameters.allowTextOutput()) {
            return new Turn(List.of(new RetryPromptPart(null, null, retryOutput(
                    "Plain text responses are not permitted; call one of the output tools: "
                            + String.join(", ", config.output().toolNames())))), null);
        }
        try {
            return new Turn(List.of(), new Final<>(validateOutput(config.output().parseText(text), null)));
        } catch (ToolSpec.InvalidArguments | ModelRetry e) {
            return new Turn(List.of(new RetryPromptPart(null, null, retryOutput(e.getMessage()))), null);
        }
    }

    private O validateOutput(O value, ToolCallPart call) {
        if (config.outputValidator() == null) {
            return value;
        }
        return config.outputValidator().validate(context(call, outputRetries), value);
    }

    private String retryOutput(String problem) {
        outputRetries++;
        if (outputRetries > config.retries()) {
            throw new UnexpectedModelBehavior("Exceeded the output retry limit of " + config.retries()
                    + " in agent '" + config.name() + "'; last problem: " + problem);
        }
        return problem;
    }

    /** Validates arguments, asks for approvals, then runs the accepted calls together. */
    private void runTools(List<ToolCallPart> calls, RequestPart[] parts) {
        var accepted = new ArrayList<Integer>();
        var bound = new HashMap<Integer, ToolSpec.BoundCall>();
        for (int i = 0; i < calls.size(); i++) {
            if (parts[i] != null) {
                continue; // an output call already answered
            }
            ToolCallPart call = calls.get(i);
            ToolSpec tool = config.tools().get(call.toolName());
            if (tool == null) {
                parts[i] = new RetryPromptPart(call.toolName(), call.toolCallId(), retryOutput("Unknown tool name: '"
                        + call.toolName() + "'. Available tools: " + availableTools()));
                continue;
            }
            try {
                bound.put(i, tool.binder().bind(call.args()));
                accepted.add(i);
            } catch (ToolSpec.InvalidArguments e) {
                parts[i] = new RetryPromptPart(call.toolName(), call.toolCallId(), retryTool(tool, e.getMessage()));
            }
        }
        var runnable = new ArrayList<Integer>();
        for (int i : accepted) {
            ToolCallPart call = calls.get(i);
            ToolSpec tool = config.tools().get(call.toolName());
            if (tool.requiresApproval()) {
                ApprovalDecision d = executor.awaitApproval(new PendingApproval(call.toolCallId(), config.name(), call.toolName(), call.args()));
                if (!d.approved()) {
                    parts[i] = ToolReturnPart.of(call.toolName(), call.toolCallId(), "The tool call was denied: " + d.reason());
                    continue;
                }
            }
            runnable.add(i);
        }
        limits.checkBeforeToolCalls(usage, runnable.size());
        usage = usage.plusToolCalls(runnable.size());
        var steps = new ArrayList<StepCall<ToolResult>>();
        for (int i : runnable) {
            steps.add(toolStep(calls.get(i), bound.get(i)));
        }
        List<StepOutcome> outcomes = executor.executeAll(steps);
        for (int k = 0; k < runnable.size(); k++) {
            int i = runnable.get(k);
            ToolCallPart call = calls.get(i);
            ToolResult result = (ToolResult) outcomes.get(k).getOrThrow();
            parts[i] = result.retry() == null
                    ? new ToolReturnPart(call.toolName(), call.toolCallId(), result.value())
                    : new RetryPromptPart(call.toolName(), call.toolCallId(), retryTool(config.tools().get(call.toolName()), result.retry()));
        }
    }

    private StepCall<ToolResult> toolStep(ToolCallPart call, ToolSpec.BoundCall bound) {
        ToolSpec tool = config.tools().get(call.toolName());
        int retry = toolRetries.getOrDefault(call.toolName(), 0);
        JsonNode input = executor.isDurable()
                ? Messages.toTree(new AgentSteps.ToolInput(call.toolCallId(), call.args(), runId, retry, usage))
                : NullNode.getInstance();
        return new StepCall<>(config.name() + ".tool." + call.toolName(), StepKind.TOOL, input, TOOL_RESULT,
                tool.stepOptions(), () -> {
                    // In a durable run the step's key (workflowId/seq) is stable across attempts and replays.
                    String key = StepContext.current().map(StepContext::key).orElse(runId + "/" + call.toolCallId());
                    return AgentSteps.callTool(bound, context(call, retry, key));
                }, null);
    }

    private String retryTool(ToolSpec tool, String problem) {
        int count = toolRetries.merge(tool.name(), 1, Integer::sum);
        int max = tool.modelRetries() >= 0 ? tool.modelRetries() : config.retries();
        if (count > max) {
            throw new UnexpectedModelBehavior("Tool '" + tool.name() + "' exceeded its retry limit of " + max
                    + " in agent '" + config.name() + "'; last problem: " + problem);
        }
        return problem;
    }

    private String availableTools() {
        var names = new ArrayList<>(config.tools().keySet());
        names.addAll(config.output().toolNames());
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private RunContext<D> context(ToolCallPart call, int retry) {
        String callId = call == null ? null : call.toolCallId();
        return context(call, retry, callId == null ? runId : runId + "/" + callId);
    }

    private RunContext<D> context(ToolCallPart call, int retry, String idempotencyKey) {
        return new RunContext<>(options.deps(), usage, retry, runId, call == null ? null : call.toolName(),
                call == null ? null : call.toolCallId(), idempotencyKey, messages);
    }

    private ApprovalDecision decide(PendingApproval pending) {
        if (options.approvalHandler() == null) {
            return ApprovalDecision.deny("Tool '" + pending.toolName()
                    + "' requires approval and this run has no approval handler.");
        }
        ToolCallPart call = new ToolCallPart(pending.toolName(), pending.toolCallId(), pending.args());
        return options.approvalHandler().decide(call, context(call, 0));
    }
}

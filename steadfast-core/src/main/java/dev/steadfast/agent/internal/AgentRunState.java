package dev.steadfast.agent.internal;

import dev.steadfast.agent.RunContext;
import dev.steadfast.agent.RunOptions;
import dev.steadfast.message.Message;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ToolDefinition;
import dev.steadfast.usage.Usage;
import dev.steadfast.usage.UsageLimits;
import dev.steadfast.workflow.spi.StepExecutor;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the parts of one agent run share: its configuration and options, the executor its steps go
 * through, the conversation, the usage so far and the retry budgets. Only the run's own thread
 * touches it (tool steps run elsewhere, but their results are taken in here).
 */
final class AgentRunState<D, O> {
    final AgentConfig<D, O> config;
    final RunOptions<D> options;
    final StepExecutor executor;
    final UsageLimits limits;
    final String runId;
    final List<Message> messages;
    final RetryBudgets budgets = new RetryBudgets();
    /** The tool call this run was started in (its usage is the calling run's too), or {@code null}. */
    private final NestedUsage caller = NestedUsage.current();
    /** The tools this run offers: the agent's own, then those its toolsets listed ({@link #listToolsets}). */
    Map<String, ToolSpec> tools;
    /** The request parameters every model request of this run sends. */
    ModelRequestParameters parameters;
    /** The tools the toolsets listed for this run ({@code null} when the agent has no toolsets). */
    List<ToolDefinition> toolsetTools;
    private Map<String, String> toolsetOf = Map.of();
    private Usage usage = Usage.NONE;
    private BigDecimal cost = BigDecimal.ZERO;

    AgentRunState(AgentConfig<D, O> config, RunOptions<D> options, StepExecutor executor) {
        this.config = config;
        this.options = options;
        this.executor = executor;
        this.limits = options.usageLimits() != null ? options.usageLimits() : config.usageLimits();
        this.messages = new ArrayList<>(options.messageHistory());
        this.runId = executor.newId();
        this.tools = config.tools();
        this.parameters = config.parameters();
    }

    /** Lists the agent's toolsets for this run (once, as recorded steps when durable) and adds their tools. */
    void listToolsets() {
        if (config.toolsets().isEmpty()) {
            return;
        }
        ToolsetTools.RunTools listed = ToolsetTools.forRun(this);
        tools = listed.tools();
        toolsetOf = listed.toolsetOf();
        toolsetTools = listed.listed();
        parameters = parametersWith(config, toolsetTools);
    }

    /** The agent's request parameters with {@code toolsetTools} offered after its own tools. */
    static ModelRequestParameters parametersWith(AgentConfig<?, ?> config, List<ToolDefinition> toolsetTools) {
        if (toolsetTools == null || toolsetTools.isEmpty()) {
            return config.parameters();
        }
        var all = new ArrayList<ToolDefinition>();
        config.tools().values().forEach(t -> all.add(t.definition()));
        all.addAll(toolsetTools);
        return config.output().parameters(all);
    }

    /** The toolset {@code toolName} comes from, or {@code null} for the agent's own tools. */
    String toolsetOf(String toolName) {
        return toolsetOf.get(toolName);
    }

    Usage usage() {
        return usage;
    }

    BigDecimal cost() {
        return cost;
    }

    /** Adds what a request or a step used; a run inside a tool call reports it to the calling run too. */
    void add(Usage used, BigDecimal spent) {
        usage = usage.plus(used);
        cost = cost.add(spent);
        if (caller != null) {
            caller.add(used, spent);
        }
    }

    /** Counts one tool call that ran and returned (a retried or failed call is not counted, as in PydanticAI). */
    void addToolCall() {
        usage = usage.plusToolCalls(1);
        if (caller != null) {
            caller.add(ONE_TOOL_CALL, BigDecimal.ZERO);
        }
    }

    private static final Usage ONE_TOOL_CALL = Usage.NONE.plusToolCalls(1);

    /** Checks this run's limits, and the calling run's when this run is inside a tool call, before a request. */
    void checkBeforeRequest() {
        limits.checkBeforeRequest(usage);
        if (caller != null) {
            caller.checkBeforeRequest();
        }
    }

    void checkBeforeToolCalls(int more) {
        limits.checkBeforeToolCalls(usage, more);
        if (caller != null) {
            caller.checkBeforeToolCalls(more);
        }
    }

    void checkTokensAndCost() {
        limits.checkTokensAndCost(usage, cost);
        if (caller != null) {
            caller.checkTokensAndCost();
        }
    }

    /** The retry budget of the tool (or output tool, or unknown name) {@code toolName}. */
    int maxRetries(String toolName) {
        ToolSpec tool = tools.get(toolName);
        if (tool != null) {
            return tool.modelRetries() >= 0 ? tool.modelRetries() : config.toolRetries();
        }
        ToolSpec function = config.output().function(toolName);
        if (function != null && function.modelRetries() >= 0) {
            return function.modelRetries(); // an output function's own budget
        }
        return config.output().isOutputTool(toolName) ? config.outputRetries() : config.toolRetries();
    }

    /** The context of a tool call: its retry count and budget, and a key stable across retries. */
    RunContext<D> toolContext(ToolCallPart call, String idempotencyKey) {
        return new RunContext<>(options.deps(), usage, budgets.retry(call.toolName()), runId, call.toolName(),
                call.toolCallId(), idempotencyKey, messages, maxRetries(call.toolName()));
    }

    /** The context of an output validator ({@code call} is {@code null} for a text answer) or approval handler. */
    RunContext<D> outputContext(ToolCallPart call) {
        String callId = call == null ? null : call.toolCallId();
        return new RunContext<>(options.deps(), usage, budgets.outputUsed(), runId, call == null ? null : call.toolName(),
                callId, callId == null ? runId : runId + "/" + callId, messages, config.outputRetries());
    }

    /** The message a budget that ran out fails the run with. */
    String toolExceeded(String toolName, String problem) {
        String what = tools.containsKey(toolName) ? "Tool '" : "Unknown tool '";
        return what + toolName + "' exceeded its retry limit of " + maxRetries(toolName) + " in agent '" + config.name()
                + "'; last problem: " + problem;
    }

    String outputExceeded(String problem) {
        return "Exceeded the output retry limit of " + config.outputRetries() + " in agent '" + config.name()
                + "'; last problem: " + problem;
    }

    /** The message an output tool (or output function) whose budget ran out fails the run with. */
    String outputExceeded(String toolName, String problem) {
        ToolSpec function = config.output().function(toolName);
        if (function == null) {
            return outputExceeded(problem);
        }
        return "Output function '" + toolName + "' exceeded its retry limit of " + maxRetries(toolName) + " in agent '"
                + config.name() + "'; last problem: " + problem;
    }
}

package dev.steadfast.agent.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.steadfast.agent.ModelRetry;
import dev.steadfast.agent.RunContext;
import dev.steadfast.error.ToolFailed;
import dev.steadfast.message.Message;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.RequestPart;
import dev.steadfast.message.SystemPromptPart;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.ModelStreamEvent;
import dev.steadfast.model.ToolDefinition;
import dev.steadfast.step.StepContext;
import dev.steadfast.usage.Usage;
import dev.steadfast.usage.UsageLimitExceeded;
import dev.steadfast.usage.UsageLimits;
import dev.steadfast.workflow.spi.Conversations;
import dev.steadfast.workflow.spi.StepMetrics;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * What an agent's durable steps carry and do, in one place for every engine: the recorded inputs of
 * {@code <agent>.model} and {@code <agent>.tool.<tool>} steps, a tool step's result, and the bodies
 * that turn them into a model request or a tool call. The embedded engine runs the bodies where the
 * loop runs; a Temporal worker rebuilds them from the recorded input, so the input holds everything
 * a remote worker needs.
 */
public final class AgentSteps {
    private AgentSteps() {}

    /**
     * A model step's input: the messages new since the previous model step of the same conversation
     * (so the journal grows linearly; {@link Conversations#withFullInputs} rebuilds the whole input for
     * display) and the run's model settings overrides, if any.
     *
     * @param conversation the agent run's id, naming its conversation
     * @param messages the messages new since the previous model step
     * @param settings the run's own settings, merged over the agent's; {@code null} when it has none
     * @param instructions the instructions sent with the requests, recorded with a run's first model step
     *     only so history can show them ({@code null} otherwise); a worker takes them from the agent
     * @param toolsetTools the tools the run's toolsets listed, offered with the agent's own ({@code null}: none), so a
     *     worker sends the model what this run listed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelInput(
            @JsonProperty(Conversations.CONVERSATION) String conversation,
            @JsonProperty(Conversations.MESSAGES) JsonNode messages,
            ModelSettings settings,
            @JsonProperty(Conversations.INSTRUCTIONS) String instructions,
            List<ToolDefinition> toolsetTools) {}

    /**
     * A tool step's input: the call and what the tool's {@link RunContext} holds beyond it, so a
     * remote worker can rebuild the context.
     *
     * @param toolCallId the model's id for the call
     * @param args the call's arguments as the model sent them
     * @param conversation the agent run's id
     * @param retry how often the model has had to fix this tool's calls since it last succeeded
     * @param usage the run's usage when the call was made
     * @param maxRetries the tool's retry budget (absent in journals written before it was recorded: 0)
     * @param cost the run's cost when the call was made ({@code null}: nothing yet)
     * @param limits the run's limits, which agent runs inside the call must keep to as well ({@code null}: the agent's)
     * @param toolset the {@link dev.steadfast.agent.Toolset} the tool comes from ({@code null}: the agent's own tools)
     */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record ToolInput(
            String toolCallId,
            JsonNode args,
            String conversation,
            int retry,
            Usage usage,
            int maxRetries,
            BigDecimal cost,
            UsageLimits limits,
            String toolset) {}

    /**
     * A tool step's recorded result: what the call ended with, for the model, and what agent runs
     * inside it used, for the run's totals and limits.
     *
     * @param value what the tool returned, or {@code null}
     * @param retry the {@code ModelRetry} (or timeout) message asking the model to fix its call, or {@code null}
     * @param failed the {@link ToolFailed} message the model sees as a failed result, or {@code null}
     * @param usage what agent runs inside the call used, or {@code null} for nothing
     * @param cost what they cost, or {@code null} for nothing
     * @param exceeded the calling run's limit they passed (the run then stops), or {@code null}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ToolResult(
            JsonNode value, String retry, String failed, Usage usage, BigDecimal cost, String exceeded) {
        /** What agent runs inside the call used: the calling run's too. */
        public StepMetrics metrics() {
            return new StepMetrics(usage, cost);
        }

        /**
         * What a function tool's step adds to the run's recorded totals: {@link #metrics()}, and one tool call when
         * the call returned (a retried, failed or stopped call is not counted, as the run does not count it).
         */
        public StepMetrics metricsOfToolCall() {
            boolean returned = retry == null && failed == null && exceeded == null;
            Usage used = usage == null ? Usage.NONE : usage;
            return new StepMetrics(returned ? used.plusToolCalls(1) : used, cost);
        }
    }

    /**
     * Sends {@code conversation} to the agent's model with {@code runSettings} over the agent's own, and
     * the agent's instructions at the head of its first request: they are sent with every request of
     * this agent's run, whoever's conversation it continues, and never stored in it. The agent's tools are
     * offered with {@code toolsetTools}, those its toolsets listed for the run ({@code null}: none).
     */
    public static ModelResponse requestModel(
            AgentConfig<?, ?> config,
            List<Message> conversation,
            ModelSettings runSettings,
            List<ToolDefinition> toolsetTools) {
        return requestModel(config, conversation, runSettings, toolsetTools, null);
    }

    /**
     * {@link #requestModel(AgentConfig, List, ModelSettings, List)}, streamed to {@code stream} when it is
     * not {@code null} ({@link dev.steadfast.model.Model#requestStream}); either way the response is the
     * whole answer.
     */
    public static ModelResponse requestModel(
            AgentConfig<?, ?> config,
            List<Message> conversation,
            ModelSettings runSettings,
            List<ToolDefinition> toolsetTools,
            Consumer<ModelStreamEvent> stream) {
        List<Message> sent = withInstructions(config.instructions(), conversation);
        ModelSettings settings = config.settings().merge(runSettings);
        var parameters = AgentRunState.parametersWith(config, toolsetTools);
        return stream == null
                ? config.model().request(sent, settings, parameters)
                : config.model().requestStream(sent, settings, parameters, stream);
    }

    static List<Message> withInstructions(String instructions, List<Message> conversation) {
        if (instructions == null) {
            return conversation;
        }
        var system = new SystemPromptPart(instructions);
        if (!conversation.isEmpty() && conversation.getFirst() instanceof ModelRequest first) {
            if (first.parts().contains(system)) {
                return conversation; // a conversation stored before instructions stopped being stored in it
            }
            var parts = new ArrayList<RequestPart>(first.parts().size() + 1);
            parts.add(system);
            parts.addAll(first.parts());
            var sent = new ArrayList<Message>(conversation);
            sent.set(0, new ModelRequest(parts));
            return sent;
        }
        var sent = new ArrayList<Message>(conversation.size() + 1);
        sent.add(ModelRequest.of(system));
        sent.addAll(conversation);
        return sent;
    }

    /** The tokens and cost of a model response; a response that reports no request counts as one. */
    public static StepMetrics metrics(AgentConfig<?, ?> config, ModelResponse response) {
        Usage used = response.usage().requests() > 0
                ? response.usage()
                : response.usage().plus(new Usage(1, 0, 0, 0, 0, 0, 0));
        String modelName = response.modelName() != null
                ? response.modelName()
                : config.model().name();
        return new StepMetrics(used, config.pricing().cost(modelName, used));
    }

    /**
     * Calls a tool. What it throws decides where the failure goes: {@link ModelRetry} and a timeout
     * ({@code @Tool(timeout)}) become a retry prompt for the model, {@link ToolFailed} a failed result
     * the model sees; any other exception fails the step, which its retry policy repeats. Agent runs
     * the tool starts on its thread count against {@code limits} with the run's {@code cost} and the
     * context's usage, and what they used is part of the result.
     */
    public static ToolResult callTool(
            ToolSpec tool, ToolSpec.BoundCall call, RunContext<?> ctx, UsageLimits limits, BigDecimal cost)
            throws Exception {
        return callTool(tool, call, ctx, limits, cost, null);
    }

    /**
     * {@link #callTool(ToolSpec, ToolSpec.BoundCall, RunContext, UsageLimits, BigDecimal)}; when {@code delegateName}
     * is not {@code null} the tool is that delegate run inline (a plain run), and its failure is a failed result
     * carrying what it used before it failed, as a failed child run's is.
     */
    static ToolResult callTool(
            ToolSpec tool,
            ToolSpec.BoundCall call,
            RunContext<?> ctx,
            UsageLimits limits,
            BigDecimal cost,
            String delegateName)
            throws Exception {
        var nested = new NestedUsage(ctx.usage(), cost == null ? BigDecimal.ZERO : cost, limits);
        Callable<Object> invoke = tool.timeout() == null
                ? () -> nested.collect(() -> call.invoke(ctx))
                : () -> invokeWithin(tool.timeout(), () -> nested.collect(() -> call.invoke(ctx)), ctx);
        return collect(nested, invoke, tool.timeout(), delegateName);
    }

    /**
     * Runs {@code invoke} (which binds {@code nested}) and makes its outcome a {@link ToolResult}: {@link ModelRetry}
     * and a timeout a retry prompt, {@link ToolFailed} a failed result, the calling run's limit a stop; anything
     * else is thrown.
     */
    static ToolResult collect(NestedUsage nested, Callable<Object> invoke, Duration timeout) throws Exception {
        return collect(nested, invoke, timeout, null);
    }

    private static ToolResult collect(
            NestedUsage nested, Callable<Object> invoke, Duration timeout, String delegateName) throws Exception {
        JsonNode value = null;
        String retry = null;
        String failed = null;
        try {
            Object v = invoke.call();
            value = v instanceof String s ? TextNode.valueOf(s) : Messages.toTree(v);
        } catch (ModelRetry e) {
            retry = e.getMessage();
        } catch (ToolFailed e) {
            failed = e.getMessage();
        } catch (TimeoutException e) {
            retry = "Timed out after " + seconds(timeout) + " seconds.";
        } catch (UsageLimitExceeded e) {
            if (nested.exceeded() == null) {
                throw e; // the tool's own business, not the calling run's limit
            }
        } catch (RuntimeException e) {
            if (delegateName == null || !Delegation.reachesModel(e, false)) {
                throw e;
            }
            failed = Delegation.failure(delegateName, e);
        }
        Usage used = nested.usage();
        BigDecimal spent = nested.cost();
        return new ToolResult(
                value,
                retry,
                failed,
                used.equals(Usage.NONE) ? null : used,
                spent.signum() == 0 ? null : spent,
                nested.exceeded());
    }

    /** Runs the call on a thread of its own, abandoned (interrupted) when it outlasts {@code timeout}. */
    private static Object invokeWithin(Duration timeout, Callable<Object> call, RunContext<?> ctx) throws Exception {
        StepContext step = StepContext.current().orElse(null); // the tool may ask for its idempotency key
        var result = new CompletableFuture<Object>();
        Thread body = Thread.ofVirtual().name("tool-" + ctx.toolName()).start(() -> {
            try {
                result.complete(step == null ? call.call() : StepContext.callWith(step, call));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            body.interrupt();
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw (Error) e.getCause();
        } catch (InterruptedException e) {
            body.interrupt();
            throw e;
        }
    }

    private static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis())
                .movePointLeft(3)
                .stripTrailingZeros()
                .toPlainString();
    }
}

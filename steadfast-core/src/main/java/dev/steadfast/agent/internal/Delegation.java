package dev.steadfast.agent.internal;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.agent.RunContext;
import dev.steadfast.agent.RunOptions;
import dev.steadfast.error.StepFailedException;
import dev.steadfast.message.Messages;
import dev.steadfast.run.StepKind;
import dev.steadfast.step.RetryPolicy;
import dev.steadfast.step.StepOptions;
import dev.steadfast.step.TypeRef;
import dev.steadfast.usage.Usage;
import dev.steadfast.usage.UsageLimitExceeded;
import dev.steadfast.usage.UsageLimits;
import dev.steadfast.workflow.spi.StepCall;
import dev.steadfast.workflow.spi.StepMetrics;
import jakarta.validation.constraints.NotBlank;
import java.math.BigDecimal;
import java.util.function.Function;

/**
 * Agents that run other agents. A delegate tool offers an agent to another agent's model; in a
 * durable run each call is a {@link StepKind#CHILD} step, which an engine runs as a child run with a
 * journal of its own (the step's body runs the delegate on the child run's thread, so its model
 * requests and tool calls are the child's steps). Its usage is the calling run's too, and the
 * calling run's limits stop it ({@link NestedUsage}). {@link #child} is the same for workflow code.
 */
public final class Delegation {
    private static final String AGENT = StepCall.CHILD_AGENT;

    /** Calls of a delegate are not retried as steps: a failed child run is the model's (or the code's) to handle. */
    private static final StepOptions ONCE = StepOptions.builder()
            .retry(RetryPolicy.builder().maxAttempts(1).build())
            .build();

    private Delegation() {}

    /**
     * The arguments of a delegate tool.
     *
     * @param prompt what the delegate is asked
     */
    public record Request(
            @NotBlank @JsonPropertyDescription("The task for the agent, with everything it needs to know")
            String prompt) {}

    /** A tool that runs {@code delegate} on the model's prompt and returns its output; {@code deps} gives it its deps. */
    public static <D, D2> ToolSpec tool(
            Agent<D2, ?> delegate, String name, String description, Function<? super D, ? extends D2> deps) {
        ToolSpec plain = FunctionTools.of(
                name,
                description,
                Request.class,
                (RunContext<D> ctx, Request r) -> delegate.run(r.prompt(), RunOptions.of(deps.apply(ctx.deps())))
                        .output(),
                ONCE,
                false);
        return new ToolSpec(
                plain.definition(),
                "agent '" + delegate.name() + "'",
                false,
                ONCE,
                plain.modelRetries(),
                null,
                plain.binder(),
                false,
                true,
                null);
    }

    /**
     * The arguments of a handoff tool.
     *
     * @param reason why the conversation is handed over
     */
    public record Handoff(
            @JsonPropertyDescription("Why the conversation goes to that agent")
            String reason) {}

    /**
     * A tool that ends the calling agent's turn and hands the conversation to {@code target}, which
     * continues it with its own instructions and tools. The call is a step like any tool's, so a durable
     * run's history shows where the conversation changed hands.
     */
    public static ToolSpec handoff(Agent<?, ?> target, String name, String description) {
        ToolSpec plain = FunctionTools.of(
                name,
                description,
                Handoff.class,
                (ctx, h) -> "Transferred to agent '" + target.name() + "'.",
                StepOptions.DEFAULT,
                false);
        return new ToolSpec(
                plain.definition(),
                "handoff to agent '" + target.name() + "'",
                false,
                plain.stepOptions(),
                plain.modelRetries(),
                null,
                plain.binder(),
                false,
                false,
                target);
    }

    /** The input a delegate tool's child step records: the tool step's own, and the agent it runs. */
    static JsonNode childInput(JsonNode toolInput, ToolSpec tool) {
        ObjectNode input = toolInput.isObject()
                ? ((ObjectNode) toolInput).deepCopy()
                : Messages.mapper().createObjectNode();
        String owner = tool.owner();
        input.put(AGENT, owner.substring("agent '".length(), owner.length() - 1));
        return input;
    }

    /**
     * The step of {@code ctx.run(agent, prompt, options)}: a child run of {@code agent} named
     * {@code <agent>.run}, whose result is the agent's {@link AgentResult}. Outside a durable run the
     * executor just runs it.
     */
    public static <D, O> StepCall<AgentResult<O>> child(Agent<D, O> agent, String prompt, RunOptions<D> options) {
        java.util.Objects.requireNonNull(agent, "agent");
        java.util.Objects.requireNonNull(prompt, "prompt");
        ObjectNode input = Messages.mapper().createObjectNode();
        input.put(AGENT, agent.name());
        input.put("prompt", prompt);
        TypeRef<AgentResult<O>> type = TypeRef.of(
                Messages.mapper().getTypeFactory().constructParametricType(AgentResult.class, agent.outputType()));
        return new StepCall<>(
                agent.name() + ".run",
                StepKind.CHILD,
                input,
                type,
                ONCE,
                () -> agent.run(prompt, options),
                r -> new StepMetrics(r.usage(), r.cost()));
    }

    /**
     * The body of a child run that an engine runs apart from its parent's execution (a Temporal child
     * workflow), from the {@link StepKind#CHILD} step's recorded input alone: {@code run} runs the agent on a
     * prompt. For {@code ctx.run} it returns the agent's {@link AgentResult}; for a delegate tool call the
     * {@link AgentSteps.ToolResult} the tool step would have, the calling run's usage and limits (from the
     * input) binding the agent run as they do when the body runs in the parent's step.
     */
    public static Object runAsChild(JsonNode input, Function<String, AgentResult<?>> run) throws Exception {
        if (!input.has("toolCallId")) {
            return run.apply(input.path("prompt").asText());
        }
        ObjectNode toolInput = ((ObjectNode) input).deepCopy();
        toolInput.remove(AGENT);
        AgentSteps.ToolInput t = Messages.mapper().treeToValue(toolInput, AgentSteps.ToolInput.class);
        var nested = new NestedUsage(
                t.usage() == null ? Usage.NONE : t.usage(),
                t.cost() == null ? BigDecimal.ZERO : t.cost(),
                t.limits() == null ? UsageLimits.NONE : t.limits());
        String prompt = t.args().path("prompt").asText();
        return AgentSteps.collect(
                nested, () -> nested.collect(() -> run.apply(prompt).output()), null);
    }

    /**
     * Whether a delegate tool call's failure goes to the model as a failed tool return: a child run that
     * failed, a delegate step that failed (an engine that runs delegates inside the step), or a delegate
     * that threw in a plain run; the calling run's own limit and a cancel do not.
     */
    static boolean reachesModel(RuntimeException e, boolean durable) {
        if (e instanceof StepFailedException f) {
            return !f.isCausedBy(UsageLimitExceeded.class);
        }
        return !durable && !(e instanceof UsageLimitExceeded);
    }

    /** What the model is told of delegate tool {@code toolName}'s failure {@code e}. */
    static String failure(String toolName, RuntimeException e) {
        return "Agent tool '" + toolName + "' failed: " + e.getMessage();
    }
}

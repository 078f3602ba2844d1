package dev.steadfast.temporal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentDeps;
import dev.steadfast.agent.RunContext;
import dev.steadfast.agent.Toolset;
import dev.steadfast.agent.internal.AgentAccess;
import dev.steadfast.agent.internal.AgentConfig;
import dev.steadfast.agent.internal.AgentSteps;
import dev.steadfast.agent.internal.ToolSpec;
import dev.steadfast.agent.internal.ToolsetTools;
import dev.steadfast.message.Message;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.observe.StepDetails;
import dev.steadfast.run.StepKind;
import dev.steadfast.step.StepContext;
import dev.steadfast.stream.internal.LiveHub;
import dev.steadfast.usage.Usage;
import dev.steadfast.workflow.spi.StepMetrics;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs agent activities by name on any worker: {@code <agent>.model} re-sends the conversation the
 * step names ({@link ConversationStore}) to the registered agent's model; {@code <agent>.tool.<tool>}
 * calls the registered agent's tool with the recorded arguments and deps from the worker's
 * {@link AgentDeps}. Nothing comes from the process that runs the workflow, so the worker may be
 * another machine. Steps of agents not registered here fall back to the process-local bodies
 * ({@link StepBodies}), which only the engine that runs the workflow has, on its own queue.
 */
public final class AgentActivities implements StepHandlers {
    /** An agent registered on this worker, with where its tools' deps come from. */
    public record Registered(Agent<?, ?> agent, AgentDeps<?> deps) {}

    private static final com.fasterxml.jackson.core.type.TypeReference<List<Message>> MESSAGES =
            new com.fasterxml.jackson.core.type.TypeReference<>() {};

    private final Map<String, Registered> agents;
    private final ConversationStore store;
    private final StepHandlers fallback;
    private final LiveHub live;

    AgentActivities(Map<String, Registered> agents, ConversationStore store, StepHandlers fallback, LiveHub live) {
        this.live = live;
        this.agents = Map.copyOf(agents);
        this.store = store;
        this.fallback = fallback;
    }

    @Override
    public Optional<StepBodies.Body> resolve(Wire.StepInput input, boolean local) {
        if (!local && (input.kind() == StepKind.MODEL || input.kind() == StepKind.TOOL)) {
            String name = input.name();
            int dot = name.indexOf('.');
            Registered r = dot < 0 ? null : agents.get(name.substring(0, dot));
            AgentConfig<?, ?> config = r == null ? null : AgentAccess.config(r.agent());
            if (config != null
                    && input.kind() == StepKind.MODEL
                    && name.substring(dot + 1).equals("model")) {
                return Optional.of(new StepBodies.Body(
                        () -> model(config, input),
                        config.modelStepOptions(),
                        StepDetails.model(
                                config.name(),
                                config.model().provider(),
                                config.model().name(),
                                null)));
            }
            if (config != null && input.kind() == StepKind.TOOL && name.startsWith(".toolset.", dot)) {
                Toolset toolset = ToolsetTools.toolset(config, name.substring(dot + ".toolset.".length()));
                if (toolset != null) { // listed on this worker, which owns the toolset's connection
                    return Optional.of(new StepBodies.Body(
                            () -> new Wire.StepValue(Wire.toJson(ToolsetTools.list(toolset)), StepMetrics.NONE),
                            toolset.stepOptions()));
                }
            }
            if (config != null && input.kind() == StepKind.TOOL && name.startsWith(".tool.", dot)) {
                String toolName = name.substring(dot + ".tool.".length());
                ToolSpec tool = config.tools().get(toolName);
                if (tool == null) {
                    tool = toolsetTool(config, toolName, input);
                }
                if (tool != null) {
                    ToolSpec found = tool;
                    return Optional.of(new StepBodies.Body(() -> tool(r, found, input, true), found.stepOptions()));
                }
            }
            if (config != null && input.kind() == StepKind.TOOL && name.startsWith(".output.", dot)) {
                ToolSpec function = config.output().function(name.substring(dot + ".output.".length()));
                if (function != null) {
                    return Optional.of(
                            new StepBodies.Body(() -> tool(r, function, input, false), function.stepOptions()));
                }
            }
        }
        return fallback.resolve(input, local);
    }

    /** A toolset's tool, named by the recorded call: its calls go to the toolset registered on this worker. */
    private static ToolSpec toolsetTool(AgentConfig<?, ?> config, String toolName, Wire.StepInput input) {
        if (config.toolsets().isEmpty()) {
            return null;
        }
        AgentSteps.ToolInput in = Wire.fromJson(input.input(), AgentSteps.ToolInput.class);
        String toolset = in.toolset();
        Toolset t = toolset == null ? null : ToolsetTools.toolset(config, toolset);
        return t == null ? null : ToolsetTools.spec(t, toolName);
    }

    private Wire.StepValue model(AgentConfig<?, ?> config, Wire.StepInput input) {
        AgentSteps.ModelInput in = Wire.fromJson(input.input(), AgentSteps.ModelInput.class);
        ConversationChain chain = conversation(input);
        chain.addAll(in.messages());
        List<Message> messages = Messages.mapper().convertValue(chain.messages(), MESSAGES);
        StepContext step = StepContext.current().orElse(null);
        if (step != null) { // subscribers in this process see the answer as it streams; history gets the response only
            live.attemptStarted(step.workflowId(), step.seq(), step.stepName(), step.attempt(), input.input());
        }
        ModelResponse response = AgentSteps.requestModel(
                config, messages, in.settings(), in.toolsetTools(), step == null ? null : live.sink);
        if (step != null) {
            live.changed(step.workflowId(), step.seq());
        }
        JsonNode value = Wire.toJson(response);
        chain.addResponse(value);
        store.remember(chain); // the next model step of this run, on this worker, needs only its new messages
        return new Wire.StepValue(value, AgentSteps.metrics(config, response));
    }

    /** {@code toolCall}: a function tool's call, counted in the run's tool calls (an output function's is not). */
    private Wire.StepValue tool(Registered r, ToolSpec tool, Wire.StepInput input, boolean toolCall) throws Exception {
        AgentSteps.ToolInput in = Wire.fromJson(input.input(), AgentSteps.ToolInput.class);
        ActivityInfo info = Activity.getExecutionContext().getInfo();
        Object deps = r.deps() == null ? null : r.deps().forRun(info.getWorkflowId());
        List<Message> messages = input.conversation() == null
                ? List.of()
                : Messages.mapper().convertValue(conversation(input).messages(), MESSAGES);
        String key = info.getWorkflowId() + "/" + input.seq();
        var ctx = new RunContext<>(
                deps,
                in.usage() == null ? Usage.NONE : in.usage(),
                in.retry(),
                in.conversation(),
                tool.name(),
                in.toolCallId(),
                key,
                messages,
                in.maxRetries());
        AgentSteps.ToolResult result = AgentSteps.callTool(
                tool,
                tool.binder().bind(in.args()),
                ctx,
                in.limits() != null
                        ? in.limits()
                        : AgentAccess.config(r.agent()).usageLimits(),
                in.cost());
        return new Wire.StepValue(Wire.toJson(result), toolCall ? result.metricsOfToolCall() : result.metrics());
    }

    private ConversationChain conversation(Wire.StepInput input) {
        if (input.conversation() == null) {
            return new ConversationChain();
        }
        ActivityInfo info = Activity.getExecutionContext().getInfo();
        return store.resolve(input.conversation(), info.getWorkflowId(), info.getWorkflowRunId());
    }
}

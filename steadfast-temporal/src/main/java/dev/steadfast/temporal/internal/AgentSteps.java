package dev.steadfast.temporal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.steadfast.agent.Agent;
import dev.steadfast.agent.ModelRetry;
import dev.steadfast.agent.RunContext;
import dev.steadfast.agent.internal.AgentConfig;
import dev.steadfast.agent.internal.AgentLoop;
import dev.steadfast.agent.internal.ToolSpec;
import dev.steadfast.message.Message;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.Usage;
import dev.steadfast.temporal.AgentDeps;
import dev.steadfast.workflow.StepKind;
import dev.steadfast.workflow.spi.Conversations;
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
 * ({@link StepBodies}), which only the worker that runs the workflow has.
 */
public final class AgentSteps implements StepHandlers {
    /** An agent registered on this worker, with where its tools' deps come from. */
    public record Registered(Agent<?, ?> agent, AgentDeps<?> deps) {}

    private static final com.fasterxml.jackson.core.type.TypeReference<List<Message>> MESSAGES =
            new com.fasterxml.jackson.core.type.TypeReference<>() {};

    private final Map<String, Registered> agents;
    private final ConversationStore store;
    private final StepHandlers fallback;

    AgentSteps(Map<String, Registered> agents, ConversationStore store, StepHandlers fallback) {
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
            if (r != null && input.kind() == StepKind.MODEL && name.substring(dot + 1).equals("model")) {
                return Optional.of(new StepBodies.Body(() -> model(r.agent().config(), input),
                        r.agent().config().modelStepOptions()));
            }
            if (r != null && input.kind() == StepKind.TOOL && name.startsWith(".tool.", dot)) {
                ToolSpec tool = r.agent().config().tools().get(name.substring(dot + ".tool.".length()));
                if (tool != null) {
                    return Optional.of(new StepBodies.Body(() -> tool(r, tool, input), tool.stepOptions()));
                }
            }
        }
        return fallback.resolve(input, local);
    }

    private Wire.StepValue model(AgentConfig<?, ?> config, Wire.StepInput input) {
        JsonNode in = input.input();
        ConversationChain chain = conversation(input);
        chain.addAll(Conversations.newMessages(in));
        List<Message> messages = Messages.mapper().convertValue(chain.messages(), MESSAGES);
        ModelSettings settings = config.settings().merge(in.has("settings")
                ? Wire.fromJson(in.get("settings"), ModelSettings.class) : null);
        var parameters = config.output().parameters(config.toolList().stream().map(ToolSpec::definition).toList());
        ModelResponse response = config.model().request(messages, settings, parameters);
        Usage used = response.usage().requests() > 0 ? response.usage() : response.usage().plus(new Usage(1, 0, 0, 0, 0, 0, 0));
        String modelName = response.modelName() != null ? response.modelName() : config.model().name();
        JsonNode value = Wire.toJson(response);
        chain.addResponse(value);
        store.remember(chain);   // the next model step of this run, on this worker, needs only its new messages
        return new Wire.StepValue(value, new StepMetrics(used, config.pricing().cost(modelName, used)));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Wire.StepValue tool(Registered r, ToolSpec tool, Wire.StepInput input) throws Exception {
        JsonNode in = input.input();
        ActivityInfo info = Activity.getExecutionContext().getInfo();
        Object deps = r.deps() == null ? null : r.deps().forRun(info.getWorkflowId());
        List<Message> messages = input.conversation() == null ? List.of()
                : Messages.mapper().convertValue(conversation(input).messages(), MESSAGES);
        Usage usage = in.has("usage") ? Wire.fromJson(in.get("usage"), Usage.class) : Usage.NONE;
        String key = info.getWorkflowId() + "/" + input.seq();
        var ctx = new RunContext(deps, usage, in.path("retry").asInt(0), in.path(Conversations.CONVERSATION).asText(null),
                tool.name(), in.path("toolCallId").asText(null), key, messages);
        try {
            Object value = tool.binder().bind(in.path("args")).invoke(ctx);
            JsonNode json = value instanceof String s ? TextNode.valueOf(s) : Messages.toTree(value);
            return new Wire.StepValue(Wire.toJson(new AgentLoop.ToolResult(json, null)), null);
        } catch (ModelRetry e) {
            return new Wire.StepValue(Wire.toJson(new AgentLoop.ToolResult(null, e.getMessage())), null);
        }
    }

    private ConversationChain conversation(Wire.StepInput input) {
        if (input.conversation() == null) {
            return new ConversationChain();
        }
        ActivityInfo info = Activity.getExecutionContext().getInfo();
        return store.resolve(input.conversation(), info.getWorkflowId(), info.getWorkflowRunId());
    }
}

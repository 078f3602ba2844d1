package dev.steadfast.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.agent.Toolset;
import dev.steadfast.message.Messages;
import dev.steadfast.model.ToolDefinition;
import dev.steadfast.run.StepKind;
import dev.steadfast.step.TypeRef;
import dev.steadfast.workflow.spi.StepCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tools of {@link Toolset}s as a run sees them: each toolset is listed once per run as a step
 * {@code <agent>.toolset.<name>} (recorded in a durable run, so a replay offers the model the same
 * tools), and each listed tool becomes a {@link ToolSpec} whose calls go to the toolset.
 */
public final class ToolsetTools {
    private ToolsetTools() {}

    private static final TypeRef<Listing> LISTING = TypeRef.of(Listing.class);

    /**
     * A listing step's recorded result.
     *
     * @param tools the tools the toolset offered, as the model sees them
     */
    public record Listing(List<ToolDefinition> tools) {
        public Listing {
            tools = List.copyOf(tools);
        }
    }

    /** A listing step's input: which toolset was listed, for history and for a remote worker. */
    public record ListingInput(String toolset) {}

    /** The name of the step that lists {@code toolset} for {@code agent}. */
    public static String listingStep(String agent, String toolset) {
        return agent + ".toolset." + toolset;
    }

    /** Lists {@code toolset}: the body of its listing step, on whichever process or worker runs it. */
    public static Listing list(Toolset toolset) throws Exception {
        List<ToolDefinition> tools = toolset.listTools();
        if (tools == null) {
            throw new IllegalStateException("Toolset '" + toolset.name() + "' listed no tools (null); return an empty list instead");
        }
        return new Listing(tools);
    }

    /** The tools of a run: the agent's own and those its toolsets listed for this run. */
    record RunTools(Map<String, ToolSpec> tools, Map<String, String> toolsetOf, List<ToolDefinition> listed) {}

    /** Lists every toolset of {@code run}'s agent through its executor (recorded when durable) and merges their tools. */
    static RunTools forRun(AgentRunState<?, ?> run) {
        AgentConfig<?, ?> config = run.config;
        var tools = new LinkedHashMap<>(config.tools());
        var toolsetOf = new LinkedHashMap<String, String>();
        var listed = new ArrayList<ToolDefinition>();
        for (Toolset toolset : config.toolsets()) {
            JsonNode input = run.executor.isDurable() ? Messages.toTree(new ListingInput(toolset.name()))
                    : com.fasterxml.jackson.databind.node.NullNode.getInstance();
            var call = new StepCall<>(listingStep(config.name(), toolset.name()), StepKind.TOOL, input, LISTING,
                    toolset.stepOptions(), () -> list(toolset), null);
            for (ToolDefinition d : run.executor.execute(call).tools()) {
                ToolSpec spec = spec(toolset, d);
                ToolSpec previous = tools.putIfAbsent(d.name(), spec);
                if (previous != null || config.output().isOutputTool(d.name())) {
                    throw new IllegalStateException("Toolset '" + toolset.name() + "' of agent '" + config.name() + "' lists a tool '"
                            + d.name() + "' whose name is taken by " + (previous != null ? previous.owner() : "the output")
                            + ": give the toolset a name prefix or filter the tool out");
                }
                toolsetOf.put(d.name(), toolset.name());
                listed.add(d);
            }
        }
        return new RunTools(Map.copyOf(tools), Map.copyOf(toolsetOf), List.copyOf(listed));
    }

    /**
     * A listed tool as the loop runs it: arguments must be a JSON object holding the schema's required
     * properties (the toolset's own side checks the rest), the call goes to {@link Toolset#callTool}.
     *
     * @throws IllegalStateException when the tool's schema is not an object schema
     */
    public static ToolSpec spec(Toolset toolset, ToolDefinition d) {
        ObjectNode schema = d.parametersSchema();
        if (schema.has("type") && !"object".equals(schema.path("type").asText())) {
            throw new IllegalStateException("Toolset '" + toolset.name() + "' lists tool '" + d.name() + "' with an input schema of type "
                    + schema.get("type") + "; a tool's input schema must be of type \"object\": filter the tool out");
        }
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        ToolSpec.Binder binder = args -> {
            ObjectNode object = Arguments.requireObject(args);
            Arguments.requirePresent(object, required);
            return ctx -> toolset.callTool(d.name(), object, ctx);
        };
        return new ToolSpec(d, "toolset '" + toolset.name() + "'", toolset.requiresApproval(d.name()), toolset.stepOptions(), -1,
                null, binder, false);
    }

    /** A tool of {@code toolset} known only by name, as a remote worker rebuilds it from a recorded call. */
    public static ToolSpec spec(Toolset toolset, String toolName) {
        return spec(toolset, new ToolDefinition(toolName, "", Messages.mapper().createObjectNode().put("type", "object"), false));
    }

    /** The toolset named {@code name} of {@code config}, or {@code null}. */
    public static Toolset toolset(AgentConfig<?, ?> config, String name) {
        return config.toolsets().stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }
}

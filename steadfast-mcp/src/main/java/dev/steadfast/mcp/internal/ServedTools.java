package dev.steadfast.mcp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.agent.internal.Schemas;
import dev.steadfast.error.ResultTimeoutException;
import dev.steadfast.error.WorkflowFailedException;
import dev.steadfast.message.Messages;
import dev.steadfast.run.RunInfo;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import dev.steadfast.workflow.WorkflowHandle;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The MCP tools an {@code McpAgentServer} serves, whatever the transport: start-and-wait and start per
 * agent and workflow, and {@code run_status}.
 */
public final class ServedTools {
    /** One served tool: what clients see, and what a call does. */
    public record Served(McpSchema.Tool tool, Function<McpSchema.CallToolRequest, McpSchema.CallToolResult> call) {}

    /** The protocol's mapper: a plain one, as the SDK's records expect. */
    public static final ObjectMapper MAPPER = new ObjectMapper();
    /** Steadfast's mapper, for run outputs (records, java.time). */
    private static final ObjectMapper OUTPUTS = Messages.mapper();

    private final WorkflowEngine engine;
    private final List<Agent<?, ?>> agents;
    private final List<Workflow<?, ?>> workflows;
    private final Duration wait;

    public ServedTools(WorkflowEngine engine, List<Agent<?, ?>> agents, List<Workflow<?, ?>> workflows, Duration wait) {
        this.engine = engine;
        this.agents = agents;
        this.workflows = workflows;
        this.wait = wait;
    }

    /** What a served tool starts: an agent on a prompt, or a workflow on an input; and how its output is read. */
    private record Startable(String name, String what, ObjectNode schema, BiFunction<String, JsonNode, WorkflowHandle<?>> start,
                             Function<Object, Object> output) {}

    public List<Served> tools() {
        var specs = new ArrayList<Served>();
        var startables = new ArrayList<Startable>();
        for (Agent<?, ?> agent : agents) {
            startables.add(new Startable(agent.name(), "the durable agent '" + agent.name() + "' on a prompt", promptSchema(),
                    (id, args) -> engine.start(agent, id, prompt(args)), r -> ((AgentResult<?>) r).output()));
        }
        for (Workflow<?, ?> workflow : workflows) {
            startables.add(new Startable(workflow.name(), "the durable workflow '" + workflow.name() + "' on an input",
                    inputSchema(workflow), (id, args) -> engine.start(workflow.name(), id, input(args)), r -> r));
        }
        for (Startable s : startables) {
            specs.add(spec(s.name(), "Runs " + s.what() + " and returns its output. If it takes longer than "
                    + wait.toSeconds() + " s, returns its run id: poll run_status.", s.schema(), args -> runAndWait(s, args)));
            specs.add(spec(s.name() + "_start", "Starts " + s.what() + " and returns its run id at once; read its output with "
                    + "run_status.", s.schema(), args -> {
                        String id = runId(args);
                        var unused = s.start().apply(id, args); // the run goes on; its id is the answer
                        return result(Map.of("runId", id, "status", "RUNNING"), "Started run " + id, false);
                    }));
        }
        ObjectNode status = MAPPER.createObjectNode().put("type", "object");
        status.putObject("properties").putObject("runId").put("type", "string").put("description", "the run's id");
        status.putArray("required").add("runId");
        specs.add(spec("run_status", "Reads a durable run's status, and its output or error once it ended.", status, this::status));
        return specs;
    }

    private static ObjectNode promptSchema() {
        ObjectNode prompt = MAPPER.createObjectNode().put("type", "string").put("description", "what to ask the agent");
        return startSchema("prompt", prompt);
    }

    private static ObjectNode inputSchema(Workflow<?, ?> workflow) {
        ObjectNode input = MAPPER.valueToTree(Schemas.of(workflow.inputType()));
        input.put("description", "the workflow's input");
        return startSchema("input", input);
    }

    private static ObjectNode startSchema(String field, ObjectNode fieldSchema) {
        ObjectNode schema = MAPPER.createObjectNode().put("type", "object");
        ObjectNode props = schema.putObject("properties");
        props.set(field, fieldSchema);
        props.putObject("runId").put("type", "string")
                .put("description", "optional: the run's id; starting the same id again returns the same run");
        schema.putArray("required").add(field);
        return schema;
    }

    @SuppressWarnings("unchecked")
    private static Served spec(String name, String description, ObjectNode schema, Function<JsonNode, McpSchema.CallToolResult> body) {
        var tool = McpSchema.Tool.builder(name, MAPPER.convertValue(schema, Map.class)).description(description).build();
        return new Served(tool, request -> {
            JsonNode args = MAPPER.valueToTree(request.arguments() == null ? Map.of() : request.arguments());
            try {
                return body.apply(args);
            } catch (IllegalArgumentException e) {
                return result(null, e.getMessage(), true);
            } catch (WorkflowFailedException e) {
                return result(null, "The run failed: " + e.getMessage(), true);
            } catch (RuntimeException e) {
                return result(null, name + " failed: " + e, true);
            }
        });
    }

    private McpSchema.CallToolResult runAndWait(Startable s, JsonNode args) {
        String id = runId(args);
        WorkflowHandle<?> handle = s.start().apply(id, args);
        try {
            JsonNode output = OUTPUTS.valueToTree(s.output().apply(handle.result(wait)));
            return result(Map.of("runId", id, "status", "COMPLETED", "output", output),
                    output.isTextual() ? output.asText() : output.toString(), false);
        } catch (ResultTimeoutException e) {
            return result(Map.of("runId", id, "status", "RUNNING"), "Run " + id + " is still going after "
                    + wait.toSeconds() + " s; call run_status with runId " + id + " later.", false);
        }
    }

    private McpSchema.CallToolResult status(JsonNode args) {
        String id = args.path("runId").asText("");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("runId is required");
        }
        RunInfo info = engine.describe(id);
        if (info == null) {
            throw new IllegalArgumentException("No run with id '" + id + "'");
        }
        var out = MAPPER.createObjectNode().put("runId", id).put("status", info.status().name()).put("type", info.workflowType());
        if (info.output() != null) {
            out.set("output", info.output().has("output") ? info.output().get("output") : info.output());
        }
        if (info.error() != null) {
            out.put("error", info.error().message());
        }
        return result(out, out.toString(), false);
    }

    private static String prompt(JsonNode args) {
        JsonNode p = args.get("prompt");
        if (p == null || !p.isTextual() || p.asText().isBlank()) {
            throw new IllegalArgumentException("prompt is required: the text to give the agent");
        }
        return p.asText();
    }

    private static JsonNode input(JsonNode args) {
        JsonNode input = args.get("input");
        if (input == null || input.isNull()) {
            throw new IllegalArgumentException("input is required: the workflow's input as JSON");
        }
        return input;
    }

    private static String runId(JsonNode args) {
        String id = args.path("runId").asText("");
        return id.isEmpty() ? "mcp-" + UUID.randomUUID() : id;
    }

    private static McpSchema.CallToolResult result(Object structured, String text, boolean error) {
        var b = McpSchema.CallToolResult.builder().addTextContent(text).isError(error);
        if (structured != null) {
            b.structuredContent(MAPPER.convertValue(structured, Map.class));
        }
        return b.build();
    }
}

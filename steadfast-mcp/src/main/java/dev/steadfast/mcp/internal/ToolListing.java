package dev.steadfast.mcp.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.model.ToolDefinition;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Predicate;

/** An MCP server's tool list as the model sees it: filtered, prefixed, and checked for what a model provider accepts. */
public final class ToolListing {
    private ToolListing() {}

    /**
     * The tools that pass {@code filter}, named {@code prefix + name}.
     *
     * @throws InvalidMcpTool when a tool's name or input schema is one a model cannot be offered
     */
    public static List<ToolDefinition> definitions(String server, List<McpSchema.Tool> tools, String prefix,
                                                   Predicate<String> filter) {
        var out = new ArrayList<ToolDefinition>();
        var seen = new HashSet<String>();
        for (McpSchema.Tool tool : tools) {
            if (tool.name() == null || !filter.test(tool.name())) {
                continue;
            }
            String name = prefix + tool.name();
            if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new InvalidMcpTool("MCP server '" + server + "' lists a tool named '" + tool.name() + "', which a model cannot "
                        + "call (names are 1-64 letters, digits, '_', '.' or '-'"
                        + (prefix.isEmpty() ? "" : ", the prefix '" + prefix + "' included") + "): filter it out");
            }
            if (!seen.add(name)) {
                throw new InvalidMcpTool("MCP server '" + server + "' lists the tool '" + tool.name() + "' twice: filter one out");
            }
            ObjectNode schema = schema(server, tool);
            out.add(new ToolDefinition(name, tool.description(), schema, false));
        }
        return out;
    }

    private static ObjectNode schema(String server, McpSchema.Tool tool) {
        if (tool.inputSchema() == null) {
            ObjectNode empty = McpConnection.MAPPER.createObjectNode().put("type", "object");
            empty.putObject("properties");
            return empty;
        }
        ObjectNode schema = McpConnection.MAPPER.valueToTree(tool.inputSchema());
        if (!"object".equals(schema.path("type").asText("object")) || (schema.has("properties") && !schema.get("properties").isObject())) {
            throw new InvalidMcpTool("MCP server '" + server + "' lists tool '" + tool.name() + "' with an input schema that is not "
                    + "a JSON object schema (" + abbreviate(schema.toString()) + "): filter it out");
        }
        if (!schema.has("type")) {
            schema.put("type", "object");
        }
        return schema;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    /** A listed tool a model cannot be offered; retrying the listing cannot help. */
    public static final class InvalidMcpTool extends IllegalStateException {
        InvalidMcpTool(String message) {
            super(message);
        }
    }
}

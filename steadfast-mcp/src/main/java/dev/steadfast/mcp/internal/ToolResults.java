package dev.steadfast.mcp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.steadfast.error.ToolFailed;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * An MCP tool result as the model receives it: structured content as its JSON, one text block as its
 * text, anything else (images, audio, resources, resource links, several blocks) as the list of
 * content blocks in MCP's JSON form. A result marked {@code isError} is a {@link ToolFailed}: the model
 * sees it as a failed result.
 */
final class ToolResults {
    private ToolResults() {}

    static Object toModel(String server, String tool, McpSchema.CallToolResult result) {
        List<McpSchema.Content> content = result.content() == null ? List.of() : result.content();
        if (Boolean.TRUE.equals(result.isError())) {
            var texts = new ArrayList<String>();
            for (McpSchema.Content c : content) {
                texts.add(c instanceof McpSchema.TextContent t ? t.text() : block(c).toString());
            }
            throw new ToolFailed(texts.isEmpty() ? "MCP tool '" + tool + "' on server '" + server + "' failed and said nothing"
                    : String.join("\n", texts));
        }
        if (result.structuredContent() != null) {
            return McpConnection.MAPPER.valueToTree(result.structuredContent());
        }
        if (content.size() == 1 && content.getFirst() instanceof McpSchema.TextContent t) {
            return TextNode.valueOf(t.text());
        }
        ArrayNode blocks = McpConnection.MAPPER.createArrayNode();
        content.forEach(c -> blocks.add(block(c)));
        return blocks;
    }

    /** One content block in MCP's JSON form (with its {@code type}). */
    private static JsonNode block(McpSchema.Content c) {
        return McpConnection.MAPPER.valueToTree(c);
    }
}

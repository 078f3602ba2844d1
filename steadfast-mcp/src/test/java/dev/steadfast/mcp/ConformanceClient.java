package dev.steadfast.mcp;

import dev.steadfast.message.Messages;
import dev.steadfast.model.ToolDefinition;
import java.net.URI;
import java.util.Map;

/**
 * Our MCP client ({@link McpToolset} over streamable HTTP) as the conformance suite drives it: {@code main(url)}, the
 * scenario in {@code MCP_CONFORMANCE_SCENARIO}. It lists the server's tools and, in {@code tools_call}, calls the one
 * the scenario offers, as an agent would.
 */
final class ConformanceClient {
    private ConformanceClient() {}

    public static void main(String[] args) {
        String scenario = System.getenv().getOrDefault("MCP_CONFORMANCE_SCENARIO", "initialize");
        try (McpToolset server = McpToolset.http("conformance", URI.create(args[args.length - 1]))
                .build()) {
            var tools = server.listTools();
            System.out.println(
                    "tools: " + tools.stream().map(ToolDefinition::name).toList());
            if (scenario.equals("tools_call")) {
                Object result =
                        server.callTool("add_numbers", Messages.mapper().valueToTree(Map.of("a", 2, "b", 3)), null);
                System.out.println("add_numbers: " + result);
            }
        }
    }
}

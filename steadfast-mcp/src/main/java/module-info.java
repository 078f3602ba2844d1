/** Model Context Protocol: MCP servers' tools as durable agent toolsets, on the official MCP Java SDK. */
module dev.steadfast.mcp {
    requires transitive dev.steadfast.core;
    requires io.modelcontextprotocol.sdk.mcp.core;
    requires io.modelcontextprotocol.sdk.mcp.json.jackson2;
    requires java.net.http;
    requires jdk.httpserver;
    requires reactor.core;

    exports dev.steadfast.mcp;
}

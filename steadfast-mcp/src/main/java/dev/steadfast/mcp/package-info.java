/**
 * Model Context Protocol for Steadfast: {@link dev.steadfast.mcp.McpToolset} gives an agent the tools
 * of any MCP server (stdio or streamable HTTP) as a durable toolset.
 */
package dev.steadfast.mcp;

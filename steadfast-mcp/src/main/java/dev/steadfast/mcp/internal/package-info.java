/** The MCP machinery behind {@code dev.steadfast.mcp}: connections, tool listings, result mapping. No compatibility promise. */
package dev.steadfast.mcp.internal;

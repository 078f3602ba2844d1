/** A durable agent that works on files through the MCP filesystem server. */
package dev.steadfast.examples.mcp;

package dev.steadfast.mcp;

import dev.steadfast.SteadfastException;

/**
 * An MCP server could not be reached or did not answer properly: it failed to start, died, hung past
 * its timeout, or sent what is not JSON-RPC. The message names the server, what it was asked and the
 * last lines it printed on stderr. A step that throws it is retried under the toolset's retry policy,
 * each attempt on a new connection.
 */
public class McpServerException extends SteadfastException {
    public McpServerException(String message, Throwable cause) {
        super(message, cause);
    }
}

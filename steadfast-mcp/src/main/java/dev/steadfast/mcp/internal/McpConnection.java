package dev.steadfast.mcp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steadfast.agent.ModelRetry;
import dev.steadfast.error.ToolFailed;
import dev.steadfast.mcp.McpServerException;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One MCP server's client: connected on first use, dropped after a transport failure (so the next
 * attempt starts the server again), closed with its toolset. Requests may run concurrently.
 */
public final class McpConnection {
    /** The SDK's own mapper: its records carry their own Jackson annotations. */
    static final ObjectMapper MAPPER = new ObjectMapper();

    private static final JacksonMcpJsonMapper JSON = new JacksonMcpJsonMapper(MAPPER);
    private static final int STDERR_LINES = 20;

    private final String server;
    private final String describe;
    private final Supplier<McpClientTransport> transports;
    private final Duration timeout;
    private final Duration startTimeout;
    /** The server's last stderr lines; its own lock, as lines arrive while a request holds the connection's. */
    private final Deque<String> stderr = new ArrayDeque<>();

    private McpSyncClient client;
    /** The server's tools as last listed on the current connection; {@code null}: list again. */
    private volatile List<McpSchema.Tool> tools;

    private McpConnection(
            String server,
            String describe,
            Supplier<McpClientTransport> transports,
            Duration timeout,
            Duration startTimeout) {
        this.server = server;
        this.describe = describe;
        this.transports = transports;
        this.timeout = timeout;
        this.startTimeout = startTimeout;
    }

    /** A server started as {@code command}, talked to over its stdin and stdout. */
    public static McpConnection stdio(
            String server, List<String> command, Map<String, String> env, Duration timeout, Duration startTimeout) {
        var holder = new McpConnection[1];
        holder[0] = new McpConnection(
                server,
                "stdio: " + String.join(" ", command),
                () -> {
                    var params = ServerParameters.builder(command.getFirst())
                            .args(command.subList(1, command.size()))
                            .env(env)
                            .build();
                    var transport = new StdioClientTransport(params, JSON);
                    transport.setStdErrorHandler(holder[0]::stderrLine);
                    return transport;
                },
                timeout,
                startTimeout);
        return holder[0];
    }

    /** A streamable-HTTP server at {@code url}, sent {@code headers} with every request. */
    public static McpConnection http(
            String server, URI url, Map<String, String> headers, Duration timeout, Duration startTimeout) {
        String base = url.getScheme() + "://" + url.getRawAuthority();
        String endpoint = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/mcp" : url.getRawPath();
        return new McpConnection(
                server,
                "http: " + url,
                () -> {
                    HttpRequest.Builder request = HttpRequest.newBuilder();
                    headers.forEach(request::header);
                    return HttpClientStreamableHttpTransport.builder(base)
                            .endpoint(endpoint)
                            .jsonMapper(JSON)
                            .requestBuilder(request)
                            .connectTimeout(startTimeout)
                            .build();
                },
                timeout,
                startTimeout);
    }

    /**
     * All the server's tools, every page: as listed last on this connection, until the server says its
     * list changed, the connection is dropped, or {@link #refresh()}. None when the server does not offer tools.
     */
    public List<McpSchema.Tool> listTools() {
        List<McpSchema.Tool> known = tools;
        if (known != null) {
            return known;
        }
        List<McpSchema.Tool> listed = request("tools/list", c -> {
            McpSchema.ServerCapabilities offered = c.getServerCapabilities();
            if (offered != null && offered.tools() == null) {
                return List.<McpSchema.Tool>of(); // a server of resources or prompts only: no tools, not a failure
            }
            var all = new ArrayList<McpSchema.Tool>();
            String cursor = null;
            do {
                McpSchema.ListToolsResult page = cursor == null ? c.listTools() : c.listTools(cursor);
                if (page.tools() != null) {
                    all.addAll(page.tools());
                }
                cursor = page.nextCursor();
            } while (cursor != null && !cursor.isEmpty());
            return List.copyOf(all);
        });
        tools = listed;
        return listed;
    }

    /** Forgets the listed tools: the next {@link #listTools()} asks the server. */
    public void refresh() {
        tools = null;
    }

    /** Calls {@code tool} and maps its result to what the model receives ({@link ToolResults}). */
    @SuppressWarnings("unchecked")
    public Object callTool(String tool, JsonNode args) {
        Map<String, Object> arguments = MAPPER.convertValue(args, Map.class);
        McpSchema.CallToolResult result = request(
                "tools/call '" + tool + "'",
                c -> c.callTool(McpSchema.CallToolRequest.builder(tool)
                        .arguments(arguments)
                        .build()));
        return ToolResults.toModel(server, tool, result);
    }

    private interface Request<T> {
        T send(McpSyncClient client);
    }

    private <T> T request(String what, Request<T> request) {
        McpSyncClient c = client();
        try {
            return request.send(c);
        } catch (McpError e) {
            McpSchema.JSONRPCResponse.JSONRPCError error = e.getJsonRpcError();
            if (error == null) {
                throw failed(c, what, e);
            }
            String message = "MCP server '" + server + "' refused " + what + ": " + error.message()
                    + " (JSON-RPC error " + error.code() + ")";
            if (error.code() == McpSchema.ErrorCodes.INVALID_PARAMS) {
                throw new ModelRetry(message); // the model's arguments: it may fix them
            }
            throw new ToolFailed(message); // the server answered; the model sees why
        } catch (RuntimeException e) {
            throw failed(c, what, e);
        }
    }

    /** Drops the client (a new attempt starts the server again) and says what went wrong. */
    private McpServerException failed(McpSyncClient c, String what, RuntimeException e) {
        drop(c);
        return new McpServerException(
                "MCP server '" + server + "' (" + describe + ") failed on " + what + ": "
                        + McpError.aggregateExceptionMessages(e) + stderrTail(),
                e);
    }

    private synchronized McpSyncClient client() {
        if (client != null) {
            return client;
        }
        synchronized (stderr) {
            stderr.clear();
        }
        McpSyncClient c;
        McpClientTransport transport;
        try {
            transport = transports.get();
            c = McpClient.sync(transport)
                    .requestTimeout(timeout)
                    .initializationTimeout(startTimeout)
                    .toolsChangeConsumer(changed -> refresh())
                    .clientInfo(
                            McpSchema.Implementation.builder("steadfast", "1").build())
                    .build();
        } catch (RuntimeException e) {
            throw new McpServerException(
                    "MCP server '" + server + "' (" + describe + ") could not be set up: "
                            + McpError.aggregateExceptionMessages(e),
                    e);
        }
        if (transport instanceof StdioClientTransport stdio) {
            watchExit(stdio, c);
        }
        try {
            c.initialize();
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw new McpServerException(
                    "MCP server '" + server + "' (" + describe + ") did not start: "
                            + McpError.aggregateExceptionMessages(e) + stderrTail()
                            + " — check the command or URL, and that the server speaks MCP on it",
                    e);
        }
        client = c;
        return c;
    }

    /**
     * Closes {@code c} as soon as its server process exits, so a request waiting on a dead server fails at
     * once instead of at its timeout (the SDK does not notice the exit by itself).
     */
    private void watchExit(StdioClientTransport transport, McpSyncClient c) {
        Thread.ofVirtual().name("mcp-" + server + "-exit").start(() -> {
            long deadline = System.nanoTime() + startTimeout.toNanos();
            while (true) {
                try {
                    transport.awaitForExit();
                    break;
                } catch (NullPointerException notStartedYet) { // the SDK starts the process on connect
                    if (System.nanoTime() > deadline) {
                        return;
                    }
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            stderrLine("(the server process exited)");
            closeQuietly(c); // without the connection's lock, which a request waiting on this server may hold
            drop(c);
        });
    }

    @SuppressWarnings("ReferenceEquality") // only the very client that failed is dropped, not a newer one
    private synchronized void drop(McpSyncClient c) {
        if (client == c) {
            client = null;
            tools = null;
        }
        closeQuietly(c);
    }

    /** Closes the client (stopping a stdio server's process); the next request starts a new one. */
    public synchronized void close() {
        tools = null;
        if (client != null) {
            closeQuietly(client);
            client = null;
        }
    }

    private static void closeQuietly(McpSyncClient c) {
        try {
            c.close();
        } catch (RuntimeException ignored) {
            // already broken: the process is gone or the session was never opened
        }
    }

    private void stderrLine(String line) {
        synchronized (stderr) {
            stderr.addLast(line);
            while (stderr.size() > STDERR_LINES) {
                stderr.removeFirst();
            }
        }
    }

    private String stderrTail() {
        synchronized (stderr) {
            return stderr.isEmpty() ? "" : "; the server's stderr ended with:\n" + String.join("\n", stderr);
        }
    }

    @Override
    public String toString() {
        return describe;
    }
}

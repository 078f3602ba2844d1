package dev.steadfast.mcp.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import reactor.core.publisher.Mono;

/**
 * MCP's streamable HTTP, stateless, on the JDK's own HTTP server (no servlet container): each POST
 * carries one JSON-RPC message; a request is answered with its JSON-RPC response ({@code application/json}),
 * a notification with 202. GET (a server-to-client stream) is not offered: 405, as the spec allows.
 *
 * <p>Against DNS rebinding (a web page whose host name is made to resolve to this machine, then calling tools from the
 * browser), a request is served only when its {@code Host} — and its {@code Origin}, when a browser sends one — names
 * an allowed host: loopback names ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}), the address the server is bound
 * to, and those the owner adds. Anything else gets 403.
 */
public final class HttpTransport implements McpStatelessServerTransport {
    private final HttpServer server;
    private final String path;
    private final McpJsonMapper json;
    private final Duration timeout;
    private final Set<String> allowedHosts;
    private volatile McpStatelessServerHandler handler;

    public HttpTransport(
            InetSocketAddress address, String path, McpJsonMapper json, Duration timeout, Set<String> extraHosts)
            throws IOException {
        this.path = path;
        this.json = json;
        this.timeout = timeout;
        this.server = HttpServer.create(address, 0);
        var hosts = new HashSet<String>(List.of("localhost", "127.0.0.1", "[::1]", "::1"));
        hosts.add(address.getHostString().toLowerCase(Locale.ROOT));
        extraHosts.forEach(h -> hosts.add(h.toLowerCase(Locale.ROOT)));
        this.allowedHosts = Set.copyOf(hosts);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(path, this::handle);
    }

    public void start() {
        server.start();
    }

    public URI uri() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getHostString() + ":" + a.getPort() + path);
    }

    @Override
    public void setMcpHandler(McpStatelessServerHandler h) {
        handler = h;
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(() -> server.stop(0));
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestURI().getPath().equals(path)) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            if (!allowed(ex.getRequestHeaders().getFirst("Host"), false)
                    || !allowed(ex.getRequestHeaders().getFirst("Origin"), true)) {
                ex.sendResponseHeaders(403, -1); // DNS rebinding: not a host this server answers for
                return;
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().add("Allow", "POST");
                ex.sendResponseHeaders(405, -1);
                return;
            }
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            McpSchema.JSONRPCMessage message;
            try {
                message = McpSchema.deserializeJsonRpcMessage(json, body);
            } catch (IOException | IllegalArgumentException e) {
                reply(
                        ex,
                        400,
                        McpSchema.JSONRPCResponse.error(
                                null,
                                new McpSchema.JSONRPCResponse.JSONRPCError(
                                        McpSchema.ErrorCodes.PARSE_ERROR,
                                        "Not a JSON-RPC message: " + e.getMessage(),
                                        null)));
                return;
            }
            var context = McpTransportContext.EMPTY;
            switch (message) {
                case McpSchema.JSONRPCRequest request ->
                    reply(ex, 200, handler.handleRequest(context, request).block(timeout));
                case McpSchema.JSONRPCNotification notification -> {
                    handler.handleNotification(context, notification).block(timeout);
                    ex.sendResponseHeaders(202, -1);
                }
                default -> ex.sendResponseHeaders(202, -1); // a response from the client: nothing asked for one
            }
        } catch (RuntimeException e) {
            ex.sendResponseHeaders(500, -1);
        }
    }

    /** Whether a Host header (or, {@code origin}, an Origin header, absent when no browser sent it) names an allowed host. */
    private boolean allowed(String header, boolean origin) {
        if (header == null) {
            return origin; // HTTP/1.1 requires Host; Origin comes only from browsers
        }
        String host = header.strip().toLowerCase(Locale.ROOT);
        if (origin) {
            int scheme = host.indexOf("://");
            if (scheme < 0) {
                return false; // "null" and other opaque origins
            }
            host = host.substring(scheme + 3);
        }
        if (host.startsWith("[")) { // [::1]:8080
            int close = host.indexOf(']');
            return close > 0 && allowedHosts.contains(host.substring(0, close + 1));
        }
        int colon = host.indexOf(':');
        return allowedHosts.contains(colon < 0 ? host : host.substring(0, colon));
    }

    private void reply(HttpExchange ex, int status, McpSchema.JSONRPCResponse response) throws IOException {
        byte[] out = json.writeValueAsBytes(response);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, out.length);
        ex.getResponseBody().write(out);
    }
}

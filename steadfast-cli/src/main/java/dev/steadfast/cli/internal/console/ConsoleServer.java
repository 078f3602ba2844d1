package dev.steadfast.cli.internal.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The web console: static pages from the jar and the JSON API of {@link ConsoleApi}, behind
 * {@link Guard}. Loopback by default; any other address needs a bearer token.
 *
 * <pre>{@code
 * try (var console = ConsoleServer.start(engine, new ConsoleServer.Settings("127.0.0.1", 8080, null, null, "demo.db"))) {
 *     System.out.println(console.uri());
 * }
 * }</pre>
 */
public final class ConsoleServer implements AutoCloseable {
    /**
     * How the console serves.
     *
     * @param bind the address to listen on
     * @param port the port (0: any free one)
     * @param token the bearer token every API call must carry, or {@code null} (loopback only)
     * @param readOnlyReason why steering is off, or {@code null}
     * @param where the engine's location, shown on the page (never a secret)
     * @param workflowTypes the registered workflows and agents the "start run" form offers
     */
    public record Settings(
            String bind, int port, String token, String readOnlyReason, String where, List<String> workflowTypes) {
        /** Settings with no startable types. */
        public Settings(String bind, int port, String token, String readOnlyReason, String where) {
            this(bind, port, token, readOnlyReason, where, List.of());
        }

        public Settings {
            workflowTypes = workflowTypes == null ? List.of() : List.copyOf(workflowTypes);
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be in 0..65535 but was " + port);
            }
            if (token != null && token.length() < 16) {
                throw new IllegalArgumentException(
                        "the token must be at least 16 characters, hard to guess (e.g. openssl rand -hex 24)");
            }
        }
    }

    /** How long a connection may take to send its whole request, in seconds; then it is closed. */
    static final String REQUEST_SECONDS = "10";
    /** How long a kept-alive connection may sit idle, in seconds. */
    static final String IDLE_SECONDS = "30";

    static {
        // The JDK's server reads these once. Without a request time limit, a connection that never sends its
        // headers is kept forever, and a few hundred of them starve real requests. The user's own -D wins.
        setDefault("sun.net.httpserver.maxReqTime", REQUEST_SECONDS);
        setDefault("sun.net.httpserver.idleInterval", IDLE_SECONDS);
        setDefault("sun.net.httpserver.clockTick", "1000");
        setDefault("sun.net.httpserver.timerMillis", "500");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static final Map<String, String> STATIC = Map.of(
            "/", "index.html", "/index.html", "index.html", "/console.css", "console.css", "/console.js", "console.js");

    private final HttpServer server;
    private final ExecutorService threads;
    private final URI uri;

    private ConsoleServer(HttpServer server, ExecutorService threads, URI uri) {
        this.server = server;
        this.threads = threads;
        this.uri = uri;
    }

    /** Starts serving; refuses a non-loopback address without a token. */
    public static ConsoleServer start(WorkflowEngine engine, Settings s) throws IOException {
        return start(engine, s, new RunEventsStream());
    }

    static ConsoleServer start(WorkflowEngine engine, Settings s, RunEventsStream events) throws IOException {
        InetAddress address = InetAddress.getByName(s.bind());
        if (!address.isLoopbackAddress() && s.token() == null) {
            throw new IllegalArgumentException(
                    "binding " + s.bind() + " lets the network see and steer runs; give a bearer token:"
                            + " --token <secret> (or env STEADFAST_CONSOLE_TOKEN), or bind 127.0.0.1");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(address, s.port()), 64);
        int port = server.getAddress().getPort();
        var guard = new Guard(s.token(), address.isLoopbackAddress(), port);
        var api = new ConsoleApi(engine, s, guard.csrfToken(), events);
        server.createContext("/api/", ex -> guard.handle(ex, true, () -> api.handle(ex)));
        server.createContext("/", ex -> guard.handle(ex, false, () -> serveStatic(ex)));
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(threads);
        server.start();
        String host = address.getHostAddress().contains(":")
                ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress();
        return new ConsoleServer(server, threads, URI.create("http://" + host + ":" + port + "/"));
    }

    /** Where it serves. */
    public URI uri() {
        return uri;
    }

    static void serveStatic(HttpExchange ex) throws IOException {
        String name = STATIC.get(ex.getRequestURI().getPath());
        if (name == null || !ex.getRequestMethod().equals("GET")) {
            Guard.send(
                    ex,
                    404,
                    "text/plain; charset=utf-8",
                    "not found".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        byte[] body;
        try (InputStream in = ConsoleServer.class.getResourceAsStream("/dev/steadfast/cli/console/" + name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("missing resource " + name));
            }
            body = in.readAllBytes();
        }
        String type = name.endsWith(".html")
                ? "text/html; charset=utf-8"
                : name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
        Guard.send(ex, 200, type, body);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}

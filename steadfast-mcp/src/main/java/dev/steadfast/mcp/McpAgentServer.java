package dev.steadfast.mcp;

import static java.util.Objects.requireNonNull;

import dev.steadfast.agent.Agent;
import dev.steadfast.mcp.internal.HttpTransport;
import dev.steadfast.mcp.internal.ServedTools;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Serves durable Steadfast agents to MCP clients (Claude Desktop, IDEs, other agents) over stdio or
 * streamable HTTP; registered workflows too ({@link Builder#workflows}). Each
 * agent {@code <name>} becomes two tools: {@code <name>} starts a run on the prompt and waits for its
 * output, {@code <name>_start} starts it and returns the run id at once; {@code run_status} reads a
 * run's status (and output, once done). Runs are the engine's: durable, resumable after a crash, visible
 * in {@code runs show}; a {@code runId} argument makes a start idempotent.
 *
 * <pre>{@code
 * try (WorkflowEngine engine = EmbeddedEngine.builder().database(Path.of("runs.db")).register(researcher).build()) {
 *     McpAgentServer.builder(engine).agents(researcher).build().serveStdio(); // until the client closes stdin
 * }
 * }</pre>
 */
public final class McpAgentServer {
    private final WorkflowEngine engine;
    private final List<Agent<?, ?>> agents;
    private final List<Workflow<?, ?>> workflows;
    private final String name;
    private final Duration wait;
    private final java.util.Set<String> allowedHosts;

    private McpAgentServer(Builder b) {
        this.engine = b.engine;
        this.agents = List.copyOf(b.agents);
        this.workflows = List.copyOf(b.workflows);
        this.name = b.name;
        this.wait = b.wait;
        this.allowedHosts = java.util.Set.copyOf(b.allowedHosts);
    }

    public static Builder builder(WorkflowEngine engine) {
        return new Builder(requireNonNull(engine, "engine"));
    }

    /** Serves on this process's stdin and stdout until stdin ends. Log to stderr only: stdout carries the protocol. */
    public void serveStdio() throws InterruptedException {
        serveStdio(System.in, System.out);
    }

    /** Serves on {@code in} and {@code out} until {@code in} ends. */
    public void serveStdio(InputStream in, OutputStream out) throws InterruptedException {
        var ended = new CountDownLatch(1);
        var transport = new StdioServerTransportProvider(
                new JacksonMcpJsonMapper(ServedTools.MAPPER),
                new InputStream() {
                    @Override
                    public int read() throws java.io.IOException {
                        int b = in.read();
                        if (b < 0) {
                            ended.countDown();
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws java.io.IOException {
                        int n = in.read(buf, off, len);
                        if (n < 0) {
                            ended.countDown();
                        }
                        return n;
                    }
                },
                out);
        var tools = new ServedTools(engine, agents, workflows, wait)
                .tools().stream()
                        .map(t -> McpServerFeatures.SyncToolSpecification.builder()
                                .tool(t.tool())
                                .callHandler((exchange, request) -> t.call().apply(request))
                                .build())
                        .toList();
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo(name, "1")
                .capabilities(
                        McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(tools)
                .build();
        try {
            ended.await();
        } finally {
            server.closeGracefully();
        }
    }

    /**
     * Serves over MCP's streamable HTTP (stateless: each POST one JSON-RPC message) at
     * {@code http://<address>/mcp}, on the JDK's HTTP server, until {@link Http#close()}. Bind to loopback
     * ({@code new InetSocketAddress("127.0.0.1", 0)} picks a free port) unless a proxy in front checks who calls. Requests
     * that name another host than loopback, the bound address or {@link Builder#allowedHosts} are refused (403).
     */
    public Http serveHttp(InetSocketAddress address) throws IOException {
        var transport = new HttpTransport(
                requireNonNull(address, "address"),
                "/mcp",
                new JacksonMcpJsonMapper(ServedTools.MAPPER),
                wait.plusMinutes(1),
                allowedHosts);
        var tools = new ServedTools(engine, agents, workflows, wait)
                .tools().stream()
                        .map(t -> McpStatelessServerFeatures.SyncToolSpecification.builder()
                                .tool(t.tool())
                                .callHandler((context, request) -> t.call().apply(request))
                                .build())
                        .toList();
        McpStatelessSyncServer server = McpServer.sync(transport)
                .serverInfo(name, "1")
                .capabilities(
                        McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(tools)
                .build();
        transport.start();
        return new Http(transport.uri(), server);
    }

    /** A running HTTP server: its MCP endpoint, and {@link #close()} to stop it. */
    public static final class Http implements AutoCloseable {
        private final URI uri;
        private final McpStatelessSyncServer server;

        private Http(URI uri, McpStatelessSyncServer server) {
            this.uri = uri;
            this.server = server;
        }

        /** The MCP endpoint, e.g. {@code http://127.0.0.1:43111/mcp}. */
        public URI uri() {
            return uri;
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /** Configures an {@link McpAgentServer}. */
    public static final class Builder {
        private final WorkflowEngine engine;
        private final List<Agent<?, ?>> agents = new ArrayList<>();
        private final List<Workflow<?, ?>> workflows = new ArrayList<>();
        private String name = "steadfast";
        private Duration wait = Duration.ofMinutes(10);
        private final java.util.Set<String> allowedHosts = new java.util.LinkedHashSet<>();

        private Builder(WorkflowEngine engine) {
            this.engine = engine;
        }

        /** Agents to serve; each must be registered with the engine. */
        public Builder agents(Agent<?, ?>... list) {
            for (Agent<?, ?> a : list) {
                agents.add(requireNonNull(a, "agent"));
            }
            return this;
        }

        /**
         * Workflows to serve; each must be registered with the engine. {@code <name>} takes
         * {@code {"input": ...}} (the workflow's input type, as JSON) and waits for the output;
         * {@code <name>_start} returns the run id.
         */
        public Builder workflows(Workflow<?, ?>... list) {
            for (Workflow<?, ?> w : list) {
                workflows.add(requireNonNull(w, "workflow"));
            }
            return this;
        }

        /** The server's name, as clients show it. Default {@code steadfast}. */
        public Builder name(String v) {
            name = requireNonNull(v, "name");
            return this;
        }

        /**
         * How long {@code <agent>} waits for a run's output before answering with the run id to poll with
         * {@code run_status} (the run goes on). Default 10 minutes.
         */
        public Builder wait(Duration v) {
            if (v == null || v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException("wait must be positive but was " + v);
            }
            wait = v;
            return this;
        }

        /**
         * Host names (as clients put them in {@code Host}, without the port) the HTTP server answers for, besides loopback
         * names and the address it is bound to: the name a reverse proxy forwards, say. Requests naming any other host, in
         * {@code Host} or a browser's {@code Origin}, get 403 — the defence against DNS rebinding.
         */
        public Builder allowedHosts(String... hosts) {
            for (String h : hosts) {
                if (h == null || h.isBlank() || h.contains("/")) {
                    throw new IllegalArgumentException(
                            "allowedHosts takes host names like 'agents.example.com', got '" + h + "'");
                }
                allowedHosts.add(h.strip());
            }
            return this;
        }

        public McpAgentServer build() {
            if (agents.isEmpty() && workflows.isEmpty()) {
                throw new IllegalStateException(
                        "McpAgentServer has nothing to serve: call .agents(...) or .workflows(...)");
            }
            return new McpAgentServer(this);
        }
    }
}

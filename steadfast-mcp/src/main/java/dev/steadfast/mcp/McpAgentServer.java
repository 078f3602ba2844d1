package dev.steadfast.mcp;

import static java.util.Objects.requireNonNull;

import dev.steadfast.agent.Agent;
import dev.steadfast.mcp.internal.ServedTools;
import dev.steadfast.workflow.WorkflowEngine;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Serves durable Steadfast agents to MCP clients (Claude Desktop, IDEs, other agents) over stdio. Each
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
    private final String name;
    private final Duration wait;

    private McpAgentServer(Builder b) {
        this.engine = b.engine;
        this.agents = List.copyOf(b.agents);
        this.name = b.name;
        this.wait = b.wait;
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
        var transport = new StdioServerTransportProvider(new JacksonMcpJsonMapper(ServedTools.MAPPER), new InputStream() {
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
        }, out);
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo(name, "1")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(new ServedTools(engine, agents, wait).specifications())
                .build();
        try {
            ended.await();
        } finally {
            server.closeGracefully();
        }
    }

    /** Configures an {@link McpAgentServer}. */
    public static final class Builder {
        private final WorkflowEngine engine;
        private final List<Agent<?, ?>> agents = new ArrayList<>();
        private String name = "steadfast";
        private Duration wait = Duration.ofMinutes(10);

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

        /** The server's name, as clients show it. Default {@code steadfast}. */
        public Builder name(String v) { name = requireNonNull(v, "name"); return this; }

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

        public McpAgentServer build() {
            if (agents.isEmpty()) {
                throw new IllegalStateException("McpAgentServer has no agents to serve: call .agents(...)");
            }
            return new McpAgentServer(this);
        }
    }
}

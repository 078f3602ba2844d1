package dev.steadfast.bench.durable;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steadfast.agent.Agent;
import dev.steadfast.agent.Tool;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.mcp.McpToolset;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.WorkflowEngine;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue 21, item 6: what {@link McpToolset} adds to an MCP tool call. Two agents with the same scripted
 * model ({@value #CALLS_PER_RUN} turns, one {@code echo} call per turn, then an answer) call the same server
 * program ({@code server-everything}'s {@code echo}, over stdio, one connection each): the baseline's tool is
 * a plain Java {@code @Tool} method that calls the MCP Java SDK's client by hand and returns the text; the
 * measured agent gets the server's tools from an {@link McpToolset}. Everything else (the loop, the model,
 * the server, the transport) is the same, so the ratio isolates the toolset: its listing (once per run) and
 * its call path (argument and result mapping). A round runs each agent once, alternating which goes first,
 * and gives one ratio (toolset ÷ hand-written, per-call time of the run); the figure is the median ratio
 * over the rounds, with the lowest and highest. Plain runs, then durable runs of both agents on one
 * embedded engine ({@code synchronous=FULL}: each call is a model step and a tool step; the toolset's
 * agent also records its listing as one step per run).
 *
 * <p>The server is the one {@code steadfast-mcp}'s build installs ({@code steadfast-mcp/target/mcp-servers},
 * or the folder in {@code -Dsteadfast.mcp.servers}).
 */
public final class McpCall {
    /** The section of BENCHMARKS.md with this item's figures, written by hand from its runs; kept when the file is rewritten. */
    public static final String HEADING = "## MCP tool call (issue 21)";

    static final int CALLS_PER_RUN = 20;

    /** Ratios of the measured side to the baseline, a round each, and the baseline's per-call times. */
    private record Rounds(List<Double> ratios, Latencies baseline) {
        Rounds(int n) {
            this(new ArrayList<>(), new Latencies(n));
        }

        void add(long measuredNanos, long baselineNanos) {
            ratios.add((double) measuredNanos / baselineNanos);
            baseline.add(baselineNanos / CALLS_PER_RUN);
        }

        double median() {
            return quantile(0.5);
        }

        /** The middle half of the rounds' ratios, and all of them: one stalled run (20 calls) moves a round's ratio far. */
        String range() {
            return String.format(
                    "middle half %.2f–%.2f×, all %.2f–%.2f×", quantile(0.25), quantile(0.75), quantile(0), quantile(1));
        }

        private double quantile(double q) {
            List<Double> sorted = ratios.stream().sorted().toList();
            return sorted.get((int) Math.round(q * (sorted.size() - 1)));
        }
    }

    /** The baseline's tool: the MCP SDK's client, called by hand. */
    public static final class HandWrittenEcho {
        private final McpSyncClient client;

        HandWrittenEcho(McpSyncClient client) {
            this.client = client;
        }

        @Tool("Echoes back the input")
        public String echo(String message) {
            McpSchema.CallToolResult r = client.callTool(McpSchema.CallToolRequest.builder("echo")
                    .arguments(Map.of("message", message))
                    .build());
            return ((McpSchema.TextContent) r.content().getFirst()).text();
        }
    }

    private McpCall() {}

    public static List<Figure> run(Path dir, Scale scale) throws Exception {
        String script = serverScript();
        int rounds = Math.max(5, scale.stepSamples() / 15);
        var plain = new Rounds(rounds);
        var durable = new Rounds(rounds);
        McpSyncClient client = McpClient.sync(new StdioClientTransport(
                        ServerParameters.builder("node").args(script, "stdio").build(),
                        new JacksonMcpJsonMapper(new ObjectMapper())))
                .requestTimeout(Duration.ofSeconds(30))
                .build();
        try (McpToolset toolset = McpToolset.stdio("ev", "node", script, "stdio")
                .allowTools("echo")
                .build()) {
            client.initialize();
            Agent<Void, String> viaToolset = Agent.builder()
                    .name("mcp-toolset")
                    .model(echoer())
                    .toolsets(toolset)
                    .build();
            Agent<Void, String> byHand = Agent.builder()
                    .name("mcp-by-hand")
                    .model(echoer())
                    .tools(new HandWrittenEcho(client))
                    .build();
            for (int i = 0; i < 5; i++) { // warm-up: JIT, both connections open
                String hand = byHand.run("warm-up").output();
                String viaSet = viaToolset.run("warm-up").output();
                if (!hand.equals(viaSet) || !hand.endsWith("last: Echo: call " + (CALLS_PER_RUN - 1))) {
                    throw new IllegalStateException(
                            "the two agents must see the same results: " + hand + " / " + viaSet);
                }
            }
            for (int r = 0; r < rounds; r++) {
                round(r, plain, () -> viaToolset.run("echo"), () -> byHand.run("echo"));
            }
            try (WorkflowEngine engine = EmbeddedEngine.builder()
                    .database(dir.resolve("mcp.db"))
                    .synchronous(EmbeddedEngine.Synchronous.FULL)
                    .register(viaToolset, byHand)
                    .build()) {
                engine.start(byHand, "warm-up-hand", "echo").result(Engines.RESULT_TIMEOUT);
                engine.start(viaToolset, "warm-up-toolset", "echo").result(Engines.RESULT_TIMEOUT);
                for (int r = 0; r < rounds; r++) {
                    String id = "run-" + r;
                    round(
                            r,
                            durable,
                            () -> engine.start(viaToolset, id + "-toolset", "echo")
                                    .result(Engines.RESULT_TIMEOUT),
                            () -> engine.start(byHand, id + "-hand", "echo").result(Engines.RESULT_TIMEOUT));
                }
            }
        } finally {
            client.close();
        }
        return List.of(figure(plain, "plain agent", rounds), figure(durable, "durable agent (embedded, FULL)", rounds));
    }

    private static Figure figure(Rounds r, String agent, int rounds) {
        double ratio = r.median();
        double base = r.baseline.percentileMicros(50);
        // value / baseline is the median ratio of the rounds; both shown per call
        return new Figure(
                21,
                "MCP tool call through McpToolset, " + agent + ", wall time per call (median ratio of " + rounds
                        + " rounds of " + CALLS_PER_RUN + " calls; " + r.range() + ")",
                base * ratio,
                "µs",
                "same agent, @Tool calling the MCP SDK client by hand (median per call)",
                base,
                "≤ 1.1×",
                ratio <= 1.1);
    }

    /** Runs both sides once, alternating which goes first, and adds their times to {@code into}. */
    private static void round(int r, Rounds into, Runnable measured, Runnable baseline) {
        long m;
        long b;
        if (r % 2 == 0) {
            m = time(measured);
            b = time(baseline);
        } else {
            b = time(baseline);
            m = time(measured);
        }
        into.add(m, b);
    }

    private static long time(Runnable run) {
        long t0 = System.nanoTime();
        run.run();
        return System.nanoTime() - t0;
    }

    /** Asks for {@value #CALLS_PER_RUN} echo calls, one per turn, then answers. */
    private static FunctionModel echoer() {
        return new FunctionModel("mcp-bench", (messages, params) -> {
            long returns = 0;
            String last = "";
            for (Message m : messages) {
                if (m instanceof ModelRequest r) {
                    for (var p : r.parts()) {
                        if (p instanceof ToolReturnPart t) {
                            returns++;
                            last = t.contentAsText();
                        }
                    }
                }
            }
            return returns < CALLS_PER_RUN
                    ? ModelResponse.of(ToolCallPart.of("echo", Map.of("message", "call " + returns)))
                    : ModelResponse.of(TextPart.of("echoed " + returns + ", last: " + last));
        });
    }

    /** server-everything's entry point; installed with {@code npm ci} from steadfast-mcp's package-lock when missing. */
    private static String serverScript() throws Exception {
        Path dir = Path.of(System.getProperty("steadfast.mcp.servers", "steadfast-mcp/target/mcp-servers"));
        Path script = dir.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
        Path lock = Path.of("steadfast-mcp/src/test/npm");
        if (!Files.exists(script) && Files.exists(lock.resolve("package-lock.json"))) {
            Files.createDirectories(dir);
            for (String f : List.of("package.json", "package-lock.json")) {
                Files.copy(lock.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
            Process npm = new ProcessBuilder(
                            "npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!npm.waitFor(5, TimeUnit.MINUTES)) {
                npm.destroyForcibly();
            }
        }
        if (!Files.exists(script)) {
            throw new IllegalStateException(
                    "server-everything is not installed at " + script.toAbsolutePath()
                            + " and npm ci could not install it (run from the repository's root, with node and npm on the PATH)");
        }
        return script.toString();
    }

    /** Runs this item alone and prints its figures: {@code java -cp … McpCall [--full]}. */
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("mcp-bench");
        try {
            for (Figure f : run(dir, args.length > 0 && args[0].equals("--full") ? Scale.FULL : Scale.QUICK)) {
                System.out.println(f.line());
            }
        } finally {
            EndToEnd.delete(dir);
        }
    }
}

package dev.steadfast.bench.durable;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steadfast.agent.Agent;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Issue 21, item 6: an MCP tool call made by an agent (the model asks, the loop calls the server through
 * {@link McpToolset}, the result goes back to the model) against the same call made directly with the
 * MCP Java SDK's client, to the same server program ({@code server-everything}'s {@code echo}, over
 * stdio), in the same run. The agent's model is a {@link FunctionModel} that asks for one call per
 * turn, {@value #CALLS_PER_RUN} turns per run, so a figure is the time of a run divided by its calls:
 * the listing (once per run) and the loop's own work included; a direct figure is the mean of a block of
 * as many calls, and each side reports the median of its blocks. Direct blocks and agent runs alternate,
 * so a change in the machine's load hits both alike. Plain runs, then durable runs on the
 * embedded engine ({@code synchronous=FULL}: each call is a model step and a tool step, two commits).
 *
 * <p>The server is the one {@code steadfast-mcp}'s build installs ({@code steadfast-mcp/target/mcp-servers},
 * or the folder in {@code -Dsteadfast.mcp.servers}).
 */
public final class McpCall {
    static final int CALLS_PER_RUN = 20;

    private McpCall() {}

    public static List<Figure> run(Path dir, Scale scale) throws Exception {
        String script = serverScript();
        int blocks = Math.max(3, scale.stepSamples() / 30);
        var direct = new Latencies(blocks);
        var plain = new Latencies(blocks);
        var durable = new Latencies(blocks);
        var durableDirect = new Latencies(blocks);
        McpSyncClient client = McpClient.sync(new StdioClientTransport(ServerParameters.builder("node").args(script, "stdio").build(),
                new JacksonMcpJsonMapper(new ObjectMapper()))).requestTimeout(Duration.ofSeconds(30)).build();
        try (McpToolset toolset = McpToolset.stdio("ev", "node", script, "stdio").allowTools("echo").build()) {
            client.initialize();
            Agent<Void, String> agent = Agent.builder().name("mcpbench").model(echoer()).toolsets(toolset).build();
            for (int i = 0; i < 5; i++) { // warm-up: JIT, both connections open
                directCalls(client, CALLS_PER_RUN, null);
                agent.run("warm-up");
            }
            for (int b = 0; b < blocks; b++) {
                directCalls(client, CALLS_PER_RUN, direct);
                long t0 = System.nanoTime();
                agent.run("echo " + CALLS_PER_RUN + " times");
                plain.add((System.nanoTime() - t0) / CALLS_PER_RUN);
            }
            try (WorkflowEngine engine = Engines.embedded(dir, "mcp", true, agent)) {
                engine.start(agent, "warm-up", "echo").result(Engines.RESULT_TIMEOUT);
                for (int b = 0; b < blocks; b++) {
                    directCalls(client, CALLS_PER_RUN, durableDirect);
                    long t0 = System.nanoTime();
                    engine.start(agent, "run-" + b, "echo").result(Engines.RESULT_TIMEOUT);
                    durable.add((System.nanoTime() - t0) / CALLS_PER_RUN);
                }
            }
        } finally {
            client.close();
        }
        var figures = new ArrayList<Figure>();
        double base = direct.percentileMicros(50);
        double agent = plain.percentileMicros(50);
        figures.add(new Figure(21, "MCP tool call through a plain agent, per call (median of runs of " + CALLS_PER_RUN + ")",
                agent, "µs", "direct MCP SDK call, same server (median of blocks of " + CALLS_PER_RUN + ")", base, "≤ 1.1×",
                agent <= 1.1 * base));
        double durableBase = durableDirect.percentileMicros(50);
        double durableAgent = durable.percentileMicros(50);
        figures.add(new Figure(21, "MCP tool call through a durable agent (embedded, FULL), per call (median of runs)",
                durableAgent, "µs", "direct MCP SDK call, same server (median of blocks)", durableBase, "≤ 1.1×",
                durableAgent <= 1.1 * durableBase));
        return figures;
    }

    /** Makes {@code n} calls; adds their mean to {@code into}, so both sides are means over blocks of the same size. */
    private static void directCalls(McpSyncClient client, int n, Latencies into) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            client.callTool(McpSchema.CallToolRequest.builder("echo").arguments(Map.of("message", "call " + i)).build());
        }
        if (into != null) {
            into.add((System.nanoTime() - t0) / n);
        }
    }

    /** Asks for {@value #CALLS_PER_RUN} echo calls, one per turn, then answers. */
    private static FunctionModel echoer() {
        return new FunctionModel("mcp-bench", (messages, params) -> {
            long returns = 0;
            for (Message m : messages) {
                if (m instanceof ModelRequest r) {
                    returns += r.parts().stream().filter(ToolReturnPart.class::isInstance).count();
                }
            }
            return returns < CALLS_PER_RUN
                    ? ModelResponse.of(ToolCallPart.of("echo", Map.of("message", "call " + returns)))
                    : ModelResponse.of(TextPart.of("echoed " + returns));
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
                Files.copy(lock.resolve(f), dir.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Process npm = new ProcessBuilder("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!npm.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
                npm.destroyForcibly();
            }
        }
        if (!Files.exists(script)) {
            throw new IllegalStateException("server-everything is not installed at " + script.toAbsolutePath()
                    + " and npm ci could not install it (run from the repository's root, with node and npm on the PATH)");
        }
        return script.toString();
    }
}

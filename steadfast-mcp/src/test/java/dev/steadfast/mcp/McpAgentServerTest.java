package dev.steadfast.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ToolDefinition;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepRecord;
import dev.steadfast.workflow.WorkflowEngine;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A durable agent served over MCP stdio by another JVM ({@link ServeChild}), called through the MCP SDK's
 * client (inside {@link McpToolset}): start and wait, start and poll, bad input, and an agent calling it as a tool.
 */
@Timeout(120)
class McpAgentServerTest {
    @TempDir
    Path dir;

    private McpToolset served() {
        String java = ProcessHandle.current().info().command().orElse("java");
        return McpToolset.stdio("sf", java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                ServeChild.class.getName(), dir.resolve("served.db").toString())
                .prefix("sf_").startTimeout(Duration.ofSeconds(60)).build();
    }

    private static JsonNode args(Map<String, ?> map) {
        return dev.steadfast.message.Messages.mapper().valueToTree(map);
    }

    @Test
    void aServedAgentRunsDurablyForAnMcpClient() throws Exception {
        try (McpToolset sf = served()) {
            assertThat(sf.listTools()).extracting(ToolDefinition::name)
                    .containsExactlyInAnyOrder("sf_shouter", "sf_shouter_start", "sf_run_status");

            JsonNode waited = (JsonNode) sf.callTool("sf_shouter", args(Map.of("prompt", "hello", "runId", "r1")), null);
            assertThat(waited.path("runId").asText()).isEqualTo("r1");
            assertThat(waited.path("status").asText()).isEqualTo("COMPLETED");
            assertThat(waited.path("output").asText()).isEqualTo("HELLO!");

            JsonNode started = (JsonNode) sf.callTool("sf_shouter_start", args(Map.of("prompt", "later", "runId", "r2")), null);
            assertThat(started.path("runId").asText()).isEqualTo("r2");
            JsonNode status = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                status = (JsonNode) sf.callTool("sf_run_status", args(Map.of("runId", "r2")), null);
                if (status.path("status").asText().equals("COMPLETED")) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(status.path("status").asText()).as("status %s", status).isEqualTo("COMPLETED");
            assertThat(status.path("output").asText()).isEqualTo("LATER!");

            // starting the same run id again returns the same run, not a new one
            JsonNode again = (JsonNode) sf.callTool("sf_shouter", args(Map.of("prompt", "something else", "runId", "r1")), null);
            assertThat(again.path("output").asText()).isEqualTo("HELLO!");

            assertThatThrownBy(() -> sf.callTool("sf_shouter", JsonNodeFactory.instance.objectNode(), null))
                    .hasMessageContaining("prompt");
            assertThatThrownBy(() -> sf.callTool("sf_run_status", args(Map.of("runId", "nope")), null))
                    .hasMessageContaining("nope");
        }
    }

    @Test
    void anAgentCallsAServedDurableAgentAsAnMcpTool() {
        try (McpToolset sf = served()) {
            var offered = new ArrayList<ModelRequestParameters>();
            List<ToolReturnPart> results = McpToolsetTestSupport.callThrough(sf, offered,
                    ToolCallPart.of("sf_shouter", "c1", Map.of("prompt", "agents all the way down")));
            assertThat(results.getFirst().outcome()).isNull();
            assertThat(results.getFirst().content().path("output").asText()).isEqualTo("AGENTS ALL THE WAY DOWN!");
        }
    }

    @Test
    void aServedAgentAndWorkflowAnswerOverStreamableHttp() throws Exception {
        var agent = ServeChild.shouter();
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(dir.resolve("http.db")).register(agent)
                     .register(new GreetingWorkflow()).build();
             McpAgentServer.Http http = McpAgentServer.builder(engine).agents(agent).workflows(new GreetingWorkflow()).build()
                     .serveHttp(new InetSocketAddress("127.0.0.1", 0));
             McpToolset client = McpToolset.http("sfh", http.uri()).build()) {
            assertThat(client.listTools()).extracting(ToolDefinition::name)
                    .containsExactlyInAnyOrder("shouter", "shouter_start", "GreetingWorkflow", "GreetingWorkflow_start", "run_status");
            ToolDefinition greeting = client.listTools().stream().filter(d -> d.name().equals("GreetingWorkflow")).findFirst().orElseThrow();
            assertThat(greeting.parametersSchema().at("/properties/input/properties/times/type").asText()).isEqualTo("integer");
            JsonNode greeted = (JsonNode) client.callTool("GreetingWorkflow",
                    args(Map.of("input", Map.of("name", "mcp", "times", 2), "runId", "g1")), null);
            assertThat(greeted.path("output").asText()).isEqualTo("hello mcp hello mcp");
            assertThat(engine.history("g1")).extracting(StepRecord::name).containsExactly("greet");
            JsonNode waited = (JsonNode) client.callTool("shouter", args(Map.of("prompt", "over http", "runId", "h1")), null);
            assertThat(waited.path("output").asText()).isEqualTo("OVER HTTP!");
            assertThat(engine.describe("h1").status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(engine.history("h1")).extracting(StepRecord::name).containsExactly("shouter.model");
        }
    }
}

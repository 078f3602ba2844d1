package dev.steadfast.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ToolDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent's tools from the real reference servers over stdio: what the model is offered, and what it receives. */
class McpToolsetTest {
    private static McpToolset everything;

    @BeforeAll
    static void start() {
        everything = TestServers.everythingStdio()
                .filter(t -> !t.startsWith("trigger-") && !t.startsWith("toggle-"))
                .build();
    }

    @AfterAll
    static void stop() {
        everything.close();
    }

    @Test
    void theModelIsOfferedTheServersToolsPrefixedAndFilteredAndReceivesTheirResults() {
        var offered = new ArrayList<ModelRequestParameters>();
        List<ToolReturnPart> results = McpToolsetTestSupport.callThrough(everything, offered,
                ToolCallPart.of("ev_echo", "c1", Map.of("message", "hello <b>mcp</b>")),
                ToolCallPart.of("ev_get-sum", "c2", Map.of("a", 2, "b", 40)));

        List<String> names = offered.getFirst().functionTools().stream().map(ToolDefinition::name).toList();
        assertThat(names).contains("ev_echo", "ev_get-sum", "ev_get-tiny-image", "ev_get-structured-content")
                .allMatch(n -> n.startsWith("ev_")).noneMatch(n -> n.contains("trigger-") || n.contains("toggle-"));
        ToolDefinition echo = offered.getFirst().functionTools().stream().filter(d -> d.name().equals("ev_echo")).findFirst().orElseThrow();
        assertThat(echo.parametersSchema().at("/properties/message/type").asText()).isEqualTo("string");
        assertThat(echo.description()).isNotBlank();

        assertThat(results).extracting(ToolReturnPart::toolCallId).containsExactly("c1", "c2");
        assertThat(results.get(0).contentAsText()).isEqualTo("Echo: hello <b>mcp</b>");
        assertThat(results.get(0).outcome()).isNull();
        assertThat(results.get(1).contentAsText()).contains("42");
    }

    @Test
    void imagesAndStructuredContentReachTheModelAsJson() {
        List<ToolReturnPart> results = McpToolsetTestSupport.callThrough(everything, new ArrayList<>(),
                ToolCallPart.of("ev_get-tiny-image", "img", Map.of()),
                ToolCallPart.of("ev_get-structured-content", "weather", Map.of("location", "New York")));

        JsonNode blocks = results.get(0).content();
        assertThat(blocks.isArray()).as("content blocks: %s", blocks).isTrue();
        JsonNode image = null;
        for (JsonNode b : blocks) {
            if ("image".equals(b.path("type").asText())) {
                image = b;
            }
        }
        assertThat(image).as("an image block in %s", blocks).isNotNull();
        assertThat(image.path("mimeType").asText()).isEqualTo("image/png");
        assertThat(image.path("data").asText()).isNotEmpty();

        JsonNode weather = results.get(1).content();
        assertThat(weather.isObject()).as("structured content: %s", weather).isTrue();
        assertThat(weather.has("temperature")).as("structured content: %s", weather).isTrue();
    }

    @Test
    void anIsErrorResultGoesBackToTheModelAsAFailedToolResult(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("notes.txt"), "fsync is the floor");
        try (McpToolset fs = TestServers.filesystemStdio(root).prefix("fs_").build()) {
            List<ToolReturnPart> results = McpToolsetTestSupport.callThrough(fs, new ArrayList<>(),
                    ToolCallPart.of("fs_read_text_file", "ok", Map.of("path", root.resolve("notes.txt").toString())),
                    ToolCallPart.of("fs_read_text_file", "missing", Map.of("path", root.resolve("absent.txt").toString())));
            assertThat(results.get(0).outcome()).isNull();
            assertThat(results.get(0).contentAsText()).contains("fsync is the floor");
            assertThat(results.get(1).outcome()).isEqualTo(ToolReturnPart.Outcome.FAILED);
            assertThat(results.get(1).contentAsText()).containsIgnoringCase("absent.txt");
        }
    }

    @Test
    void chosenMcpToolsWaitForApprovalAndADeniedCallNeverReachesTheServer() {
        try (McpToolset guarded = TestServers.everythingStdio().allowTools("echo", "get-sum").requiresApproval("echo").build()) {
            var asked = new java.util.concurrent.CopyOnWriteArrayList<String>();
            var model = new dev.steadfast.testing.FunctionModel((messages, params) -> McpToolsetTestSupport.returns(messages).isEmpty()
                    ? dev.steadfast.message.ModelResponse.of(ToolCallPart.of("ev_echo", "e", Map.of("message", "secret")),
                            ToolCallPart.of("ev_get-sum", "s", Map.of("a", 1, "b", 2)))
                    : dev.steadfast.message.ModelResponse.of(dev.steadfast.message.TextPart.of(String.join(" | ",
                            McpToolsetTestSupport.returns(messages).stream().map(r -> r.outcome() + ":" + r.contentAsText()).toList()))));
            var agent = dev.steadfast.agent.Agent.builder().name("guarded").model(model).toolsets(guarded).build();
            String out = agent.run("go", dev.steadfast.agent.RunOptions.<Void>builder().approvalHandler((call, ctx) -> {
                asked.add(call.toolName());
                return dev.steadfast.run.ApprovalDecision.deny("not today");
            }).build()).output();
            assertThat(asked).containsExactly("ev_echo");
            assertThat(out).contains("DENIED:The tool call was denied: not today").contains("null:The sum of 1 and 2 is 3")
                    .doesNotContain("Echo: secret");
        }
    }
}

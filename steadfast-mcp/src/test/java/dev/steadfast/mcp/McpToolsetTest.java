package dev.steadfast.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.agent.Agent;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ToolDefinition;
import dev.steadfast.testing.FunctionModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
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

    /** Runs an agent whose model makes {@code calls} in one response, then ends; returns the tool results it received. */
    private static List<ToolReturnPart> callThrough(McpToolset toolset, List<ModelRequestParameters> offered, ToolCallPart... calls) {
        var received = new CopyOnWriteArrayList<ToolReturnPart>();
        var turn = new AtomicInteger();
        var model = new FunctionModel((messages, params) -> {
            offered.add(params);
            if (turn.getAndIncrement() == 0) {
                return ModelResponse.of(calls);
            }
            returns(messages).forEach(received::add);
            return ModelResponse.of(TextPart.of("done"));
        });
        Agent<Void, String> agent = Agent.builder().name("mcp").model(model).toolsets(toolset).build();
        assertThat(agent.run("go").output()).isEqualTo("done");
        return received;
    }

    static List<ToolReturnPart> returns(List<Message> messages) {
        return messages.getLast() instanceof ModelRequest r
                ? r.parts().stream().filter(ToolReturnPart.class::isInstance).map(ToolReturnPart.class::cast).toList()
                : List.of();
    }

    @Test
    void theModelIsOfferedTheServersToolsPrefixedAndFilteredAndReceivesTheirResults() {
        var offered = new ArrayList<ModelRequestParameters>();
        List<ToolReturnPart> results = callThrough(everything, offered,
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
        List<ToolReturnPart> results = callThrough(everything, new ArrayList<>(),
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
            List<ToolReturnPart> results = callThrough(fs, new ArrayList<>(),
                    ToolCallPart.of("fs_read_text_file", "ok", Map.of("path", root.resolve("notes.txt").toString())),
                    ToolCallPart.of("fs_read_text_file", "missing", Map.of("path", root.resolve("absent.txt").toString())));
            assertThat(results.get(0).outcome()).isNull();
            assertThat(results.get(0).contentAsText()).contains("fsync is the floor");
            assertThat(results.get(1).outcome()).isEqualTo(ToolReturnPart.Outcome.FAILED);
            assertThat(results.get(1).contentAsText()).containsIgnoringCase("absent.txt");
        }
    }
}

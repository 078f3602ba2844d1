package dev.steadfast.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.agent.Agent;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.error.WorkflowFailedException;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.run.StepRecord;
import dev.steadfast.step.RetryPolicy;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.WorkflowEngine;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers that misbehave: each ends in a clear error or a retried step per the toolset's policy, never
 * a hung run. The faulty server is a small node script ({@code servers/faulty-server.js}); the hang is
 * server-everything's long-running operation.
 */
@Timeout(120)
class McpFaultsTest {
    private static final RetryPolicy TWO_QUICK = RetryPolicy.builder().maxAttempts(2).initialInterval(Duration.ofMillis(10))
            .maxInterval(Duration.ofMillis(10)).build();

    @TempDir
    Path dir;

    private static McpToolset.Builder faulty(String mode) throws URISyntaxException {
        String script = Path.of(McpFaultsTest.class.getResource("/servers/faulty-server.js").toURI()).toString();
        return McpToolset.stdio("faulty", "node", script, mode).retry(TWO_QUICK).timeout(Duration.ofSeconds(5));
    }

    /** An agent that calls {@code tool} once, then answers with what it received. */
    private static Agent<Void, String> caller(McpToolset toolset, String tool, Map<String, ?> args) {
        var turn = new AtomicInteger();
        var model = new FunctionModel((messages, params) -> turn.getAndIncrement() == 0
                ? ModelResponse.of(ToolCallPart.of(tool, "c1", args))
                : ModelResponse.of(TextPart.of("got: " + McpToolsetTestSupport.returns(messages).getFirst().contentAsText())));
        return Agent.builder().name("faults").model(model).toolsets(toolset).build();
    }

    @Test
    void aServerThatCannotStartIsAClearErrorNamingItAndWhatItPrinted() {
        try (McpToolset missing = McpToolset.stdio("ghost", "node", dir.resolve("no-such-server.js").toString())
                .retry(TWO_QUICK).build()) {
            assertThatThrownBy(() -> caller(missing, "x", Map.of()).run("go"))
                    .isInstanceOf(McpServerException.class)
                    .hasMessageContaining("MCP server 'ghost'")
                    .hasMessageContaining("no-such-server.js")
                    .hasMessageContaining("Cannot find module");
        }
    }

    @Test
    void aServerThatDiesMidCallFailsTheStepAfterItsRetriesEachOnANewProcess() throws Exception {
        try (McpToolset dies = faulty("dies").build()) {
            Agent<Void, String> agent = caller(dies, "work", Map.of());
            try (WorkflowEngine engine = EmbeddedEngine.builder().database(dir.resolve("runs.db")).register(agent).build()) {
                assertThatThrownBy(() -> engine.start(agent, "dies", "go").result(Duration.ofSeconds(90)))
                        .isInstanceOf(WorkflowFailedException.class);
                List<StepRecord> history = engine.history("dies");
                StepRecord call = history.stream().filter(r -> r.name().equals("faults.tool.work")).findFirst().orElseThrow();
                assertThat(call.attempts()).as("attempts under the policy").isEqualTo(2);
                assertThat(call.error().message()).contains("MCP server 'faulty'", "tools/call 'work'");
                assertThat(history.getFirst().attempts()).as("the listing succeeded at once").isEqualTo(1);
            }
        }
    }

    @Test
    void aServerThatHangsIsCutOffByItsTimeoutAndRetried() throws Exception {
        try (McpToolset slow = TestServers.everythingStdio().allowTools("trigger-long-running-operation")
                .timeout(Duration.ofSeconds(2)).retry(TWO_QUICK).build()) {
            Agent<Void, String> agent = caller(slow, "ev_trigger-long-running-operation", Map.of("duration", 60, "steps", 2));
            try (WorkflowEngine engine = EmbeddedEngine.builder().database(dir.resolve("runs.db")).register(agent).build()) {
                assertThatThrownBy(() -> engine.start(agent, "hangs", "go").result(Duration.ofSeconds(90)))
                        .isInstanceOf(WorkflowFailedException.class);
                StepRecord call = engine.history("hangs").stream().filter(r -> r.name().startsWith("faults.tool.")).findFirst()
                        .orElseThrow();
                assertThat(call.attempts()).isEqualTo(2);
                assertThat(call.error().message()).contains("MCP server 'ev'").containsIgnoringCase("timeout");
            }
        }
    }

    @Test
    void aServerThatAnswersWithWhatIsNotJsonRpcIsCutOffAndNamed() throws Exception {
        try (McpToolset garbled = faulty("garbled").timeout(Duration.ofSeconds(2)).build()) {
            assertThatThrownBy(() -> caller(garbled, "x", Map.of()).run("go"))
                    .isInstanceOf(McpServerException.class)
                    .hasMessageContaining("MCP server 'faulty'")
                    .hasMessageContaining("tools/list");
        }
    }

    @Test
    void aToolWhoseNameAModelCannotCallIsAClearErrorThatIsNotRetried() throws Exception {
        try (McpToolset badName = faulty("bad-name").build()) {
            Agent<Void, String> agent = caller(badName, "ok", Map.of());
            try (WorkflowEngine engine = EmbeddedEngine.builder().database(dir.resolve("runs.db")).register(agent).build()) {
                assertThatThrownBy(() -> engine.start(agent, "bad-name", "go").result(Duration.ofSeconds(60)))
                        .isInstanceOf(WorkflowFailedException.class)
                        .hasMessageContaining("bad name!").hasMessageContaining("filter it out");
                assertThat(engine.history("bad-name").getFirst().attempts()).as("not retried").isEqualTo(1);
            }
        }
        // filtering it out makes the server usable
        try (McpToolset filtered = faulty("bad-name").filter(n -> !n.contains(" ")).build()) {
            assertThat(filtered.listTools()).extracting(d -> d.name()).containsExactly("ok");
        }
    }

    @Test
    void aToolWithANonObjectInputSchemaIsAClearError() throws Exception {
        try (McpToolset badSchema = faulty("bad-schema").build()) {
            assertThatThrownBy(() -> caller(badSchema, "listy", Map.of()).run("go"))
                    .hasMessageContaining("listy").hasMessageContaining("not a JSON object schema");
        }
    }

    @Test
    void twoServersWithClashingToolNamesAreAClearErrorUntilOneIsPrefixed() {
        try (McpToolset a = TestServers.everythingStdio().prefix("").allowTools("echo").build();
             McpToolset b = McpToolset.stdio("ev2", "node", TestServers.everything(), "stdio").allowTools("echo").build();
             McpToolset c = McpToolset.stdio("ev3", "node", TestServers.everything(), "stdio").prefix("three_").allowTools("echo").build()) {
            var model = new FunctionModel((messages, params) -> ModelResponse.of(TextPart.of(String.join(",",
                    params.functionTools().stream().map(d -> d.name()).toList()))));
            assertThatThrownBy(() -> Agent.builder().name("clash").model(model).toolsets(a, b).build().run("go"))
                    .hasMessageContaining("Toolset 'ev2'").hasMessageContaining("'echo'")
                    .hasMessageContaining("toolset 'ev'").hasMessageContaining("prefix");
            assertThat(Agent.builder().name("clash").model(model).toolsets(a, c).build().run("go").output())
                    .isEqualTo("echo,three_echo");
        }
    }

    @Test
    void theToolListIsAskedForOncePerConnectionUntilRefreshed() throws Exception {
        try (McpToolset counting = faulty("counting").build()) {
            assertThat(counting.listTools().getFirst().description()).isEqualTo("listed 1 times");
            assertThat(counting.listTools().getFirst().description()).isEqualTo("listed 1 times");
            counting.refreshTools();
            assertThat(counting.listTools().getFirst().description()).isEqualTo("listed 2 times");
        }
    }
}

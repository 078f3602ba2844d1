package dev.steadfast.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.agent.Agent;
import dev.steadfast.agent.RunContext;
import dev.steadfast.agent.Toolset;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.model.ToolDefinition;
import dev.steadfast.run.StepRecord;
import dev.steadfast.temporal.TemporalEngine;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.WorkflowEngine;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On Temporal the worker owns the MCP connection: a client-only engine starts the run, and the listing and
 * the call run as activities on the worker, against the worker's toolset; the client's is never touched.
 */
class McpTemporalTest {
    @TempDir
    Path dir;

    /** The client's stand-in: registered under the same name, failing if anything reaches it. */
    record Untouchable(String name) implements Toolset {
        @Override
        public List<ToolDefinition> listTools() {
            throw new AssertionError("the client listed the toolset; the worker should");
        }

        @Override
        public Object callTool(String toolName, JsonNode args, RunContext<?> ctx) {
            throw new AssertionError("the client called " + toolName + "; the worker should");
        }
    }

    private static Agent<Void, String> agent(Toolset toolset) {
        var model = new FunctionModel((messages, params) -> {
            List<ToolReturnPart> returns = McpToolsetTestSupport.returns(messages);
            if (returns.isEmpty()) {
                assertThat(params.functionTools())
                        .extracting(ToolDefinition::name)
                        .containsExactly("ev_echo");
                return ModelResponse.of(ToolCallPart.of("ev_echo", "c1", Map.of("message", "on a worker")));
            }
            return ModelResponse.of(
                    TextPart.of("worker said: " + returns.getFirst().contentAsText()));
        });
        return Agent.builder().name("remote").model(model).toolsets(toolset).build();
    }

    @Test
    void theWorkerListsAndCallsTheServerAndTheClientNeverTouchesIt() {
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
                                .setDataConverter(TemporalEngine.dataConverter())
                                .build())
                        .build());
                McpToolset everything =
                        TestServers.everythingStdio().allowTools("echo").build()) {
            var counting = new CountingToolset(everything, dir.resolve("effects.log"));
            try (WorkflowEngine worker = TemporalEngine.builder()
                            .client(env.getWorkflowClient())
                            .taskQueue("mcp")
                            .register(agent(counting))
                            .build();
                    WorkflowEngine client = TemporalEngine.builder()
                            .client(env.getWorkflowClient())
                            .taskQueue("mcp")
                            .worker(false)
                            .register(agent(new Untouchable("ev")))
                            .build()) {
                String out = client.start(agent(new Untouchable("ev")), "mcp-1", "echo")
                        .result(Duration.ofSeconds(60))
                        .output();
                assertThat(out).isEqualTo("worker said: Echo: on a worker");
                List<StepRecord> history = client.history("mcp-1");
                assertThat(history)
                        .extracting(StepRecord::name)
                        .containsExactly("remote.toolset.ev", "remote.model", "remote.tool.ev_echo", "remote.model");
                assertThat(history.get(2).input().path("toolset").asText()).isEqualTo("ev");
                assertThat(counting.lines()).containsExactly("list ev", "start ev_echo", "done ev_echo");
            }
        }
    }
}

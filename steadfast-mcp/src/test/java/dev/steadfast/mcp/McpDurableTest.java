package dev.steadfast.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.model.ToolDefinition;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepRecord;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MCP tools in durable runs on the embedded engine: the listing and each call are recorded steps, and a replay re-executes neither. */
class McpDurableTest {
    @TempDir
    Path dir;

    @Test
    void theListingAndEachCallAreRecordedAndAReplayOffersTheToolsTheRunSaw() throws Exception {
        var offered = new CopyOnWriteArrayList<List<String>>();
        var received = new CopyOnWriteArrayList<String>();
        var model = new FunctionModel((messages, params) -> {
            offered.add(params.functionTools().stream().map(ToolDefinition::name).toList());
            List<ToolReturnPart> returns = McpToolsetTestSupport.returns(messages);
            if (returns.isEmpty()) {
                return ModelResponse.of(ToolCallPart.of("ev_echo", "c1", Map.of("message", "durable")));
            }
            received.add(returns.getFirst().contentAsText());
            return ModelResponse.of(TextPart.of("heard: " + returns.getFirst().contentAsText()));
        });
        try (McpToolset everything = TestServers.everythingStdio().allowTools("echo", "get-sum").build()) {
            var counting = new CountingToolset(everything, dir.resolve("effects.log"));
            Agent<Void, String> agent = Agent.builder().name("durable").model(model).toolsets(counting).build();
            try (WorkflowEngine engine = EmbeddedEngine.builder().database(dir.resolve("runs.db")).register(agent).build()) {
                String out = engine.start(agent, "run-1", "echo something").result(Duration.ofSeconds(60)).output();
                assertThat(out).isEqualTo("heard: Echo: durable");

                List<StepRecord> history = engine.history("run-1");
                assertThat(history).extracting(StepRecord::name)
                        .containsExactly("durable.toolset.ev", "durable.model", "durable.tool.ev_echo", "durable.model");
                assertThat(history.getFirst().output().toString()).contains("ev_echo", "ev_get-sum");
                assertThat(history.get(2).input().path("toolset").asText()).isEqualTo("ev");
                assertThat(history.get(2).output().toString()).contains("Echo: durable");
                assertThat(counting.lines()).containsExactly("list ev", "start ev_echo", "done ev_echo");

                // The server now offers less; a fork from the last model step replays the listing and the call.
                counting.offer(name -> name.equals("ev_get-sum"));
                offered.clear();
                var fork = engine.fork("run-1", 4, "run-1-fork");
                fork.result(Duration.ofSeconds(60));
                assertThat(engine.describe("run-1-fork").status()).isEqualTo(RunStatus.COMPLETED);
                assertThat(counting.lines()).as("nothing re-executed by the fork").containsExactly("list ev", "start ev_echo", "done ev_echo");
                assertThat(offered).as("tools offered on the fork's model request").hasSize(1);
                assertThat(offered.getFirst()).containsExactlyInAnyOrder("ev_echo", "ev_get-sum");
                assertThat(received).containsExactly("Echo: durable", "Echo: durable");
            }
        }
    }

    @Test
    void aDurableRunWaitsForApprovalOfAChosenMcpToolAndCallsItOnceApproved() throws Exception {
        var model = new FunctionModel((messages, params) -> {
            List<ToolReturnPart> returns = McpToolsetTestSupport.returns(messages);
            return returns.isEmpty()
                    ? ModelResponse.of(ToolCallPart.of("ev_echo", "needs-ok", Map.of("message", "approved")))
                    : ModelResponse.of(TextPart.of("heard: " + returns.getFirst().contentAsText()));
        });
        try (McpToolset everything = TestServers.everythingStdio().allowTools("echo").requiresApproval("echo").build()) {
            var counting = new CountingToolset(everything, dir.resolve("approval.log"));
            Agent<Void, String> agent = Agent.builder().name("guarded").model(model).toolsets(counting).build();
            try (WorkflowEngine engine = EmbeddedEngine.builder().database(dir.resolve("approval.db")).register(agent).build()) {
                var handle = engine.start(agent, "ask-first", "echo after approval");
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (engine.describe("ask-first").pendingApprovals().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(engine.describe("ask-first").pendingApprovals()).extracting(p -> p.toolName()).containsExactly("ev_echo");
                assertThat(counting.lines()).as("nothing called before the decision").containsExactly("list ev");
                engine.approve("ask-first", "needs-ok");
                assertThat(handle.result(Duration.ofSeconds(60)).output()).isEqualTo("heard: Echo: approved");
                assertThat(counting.lines()).containsExactly("list ev", "start ev_echo", "done ev_echo");
                assertThat(engine.history("ask-first")).extracting(StepRecord::name).contains("guarded.tool.ev_echo");
            }
        }
    }
}

package dev.steadfast.mcp;

import dev.steadfast.agent.Agent;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A durable agent for {@link McpCrashIT}: it echoes through server-everything, then runs its
 * long-running operation (8 s), then answers with both results. Run as a child JVM
 * ({@code main(db, workDir)}) to be killed during the long call, and in the test's JVM to resume.
 */
final class McpCrashChild {
    static final String RUN = "mcp-crash";
    static final String PROMPT = "echo, then the long one";
    static final String LONG = "ev_trigger-long-running-operation";

    private McpCrashChild() {}

    static Agent<Void, String> agent(CountingToolset toolset) {
        var model = new FunctionModel((messages, params) -> {
            long returns = messages.stream().flatMap(m -> m instanceof dev.steadfast.message.ModelRequest r
                    ? r.parts().stream() : java.util.stream.Stream.empty()).filter(ToolReturnPart.class::isInstance).count();
            if (returns == 0) {
                return ModelResponse.of(ToolCallPart.of("ev_echo", "c1", Map.of("message", "before the crash")));
            }
            if (returns == 1) {
                return ModelResponse.of(ToolCallPart.of(LONG, "c2", Map.of("duration", 8, "steps", 2)));
            }
            List<ToolReturnPart> last = McpToolsetTestSupport.returns(messages);
            return ModelResponse.of(TextPart.of("finished: " + last.getFirst().contentAsText()));
        });
        return Agent.builder().name("crashy").model(model).toolsets(toolset).build();
    }

    static CountingToolset toolset(Path work) {
        return new CountingToolset(TestServers.everythingStdio().allowTools("echo", "trigger-long-running-operation")
                .timeout(Duration.ofSeconds(60)).build(), work.resolve("effects.log"));
    }

    /** Runs the agent until it is killed. */
    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        Path work = Path.of(args[1]);
        Agent<Void, String> agent = agent(toolset(work));
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db).register(agent).build()) {
            engine.start(agent, RUN, PROMPT).result(Duration.ofMinutes(5));
        }
    }
}

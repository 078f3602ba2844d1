package dev.steadfast.engine;

import static dev.steadfast.engine.TestEngines.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent registered with {@code AgentDeps} gets each run's deps in its tools, looked up by the run's id. */
class AgentDepsTest {
    record Tenant(String name) {}

    record Query(String q) {}

    @TempDir
    Path dir;

    @Test
    void eachRunsToolsGetTheDepsItsIdLooksUp() {
        List<String> seen = new CopyOnWriteArrayList<>();
        Agent<Tenant, String> agent = Agent.builder().name("tenanted").deps(Tenant.class)
                .model(new FunctionModel((messages, params) -> messages.size() == 1
                        ? ModelResponse.of(ToolCallPart.of("whoami", Map.of("q", "?")))
                        : ModelResponse.of(TextPart.of("done"))))
                .tool("whoami", "the tenant", Query.class, (ctx, q) -> {
                    seen.add(ctx.deps().name());
                    return ctx.deps().name();
                }).build();
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(dir.resolve("deps.db"))
                .register(agent, workflowId -> new Tenant("tenant-of-" + workflowId)).build()) {
            assertThat(engine.start(agent, "run-a", "who?").result(WAIT).output()).isEqualTo("done");
            assertThat(engine.start(agent, "run-b", "who?").result(WAIT).output()).isEqualTo("done");
        }
        assertThat(seen).containsExactly("tenant-of-run-a", "tenant-of-run-b");
    }
}

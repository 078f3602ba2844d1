package dev.steadfast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.run.RunQuery;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.testing.MultiAgentContract;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Child runs on the embedded engine; waiting runs unload after 50 ms, so parents resume by replay. */
class EmbeddedMultiAgentTest extends MultiAgentContract {
    @TempDir
    Path dir;

    @Override
    protected WorkflowEngine openEngine(List<Workflow<?, ?>> workflows, List<Agent<?, ?>> agents) {
        return EmbeddedEngine.builder()
                .database(dir.resolve("multi.db"))
                .unloadAfter(Duration.ofMillis(50))
                .register(workflows.toArray(Workflow[]::new))
                .register(agents.toArray(Agent[]::new))
                .build();
    }

    @Test
    void aReplayCheckPassesOverParentsAndSkipsTheirChildren() {
        var counters = new AtomicInteger();
        Agent<Void, String> helper = Agent.builder()
                .name("helper")
                .model(new FunctionModel((m, p) -> {
                    counters.incrementAndGet();
                    return ModelResponse.of(TextPart.of("helped"));
                }))
                .build();
        Agent<Void, String> boss = Agent.builder()
                .name("boss")
                .model(new FunctionModel((m, p) -> m.size() == 1
                        ? ModelResponse.of(ToolCallPart.of("help", Map.of("prompt", "x")))
                        : ModelResponse.of(TextPart.of("done"))))
                .delegate(helper, "help", "Help")
                .build();
        try (WorkflowEngine engine = openEngine(List.of(), List.of(boss))) {
            engine.start(boss, "boss-1", "go").result(Duration.ofSeconds(30));
            var report = engine.checkReplay(RunQuery.all());
            assertThat(report.checkedRuns()).containsExactly("boss-1");
            assertThat(report.divergences()).isEmpty();
        }
        assertThat(counters).hasValue(1); // the check ran no step body
    }
}

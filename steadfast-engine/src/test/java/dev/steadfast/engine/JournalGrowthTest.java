package dev.steadfast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.usage.UsageLimits;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.run.StepKind;
import dev.steadfast.run.StepRecord;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A long conversation's journal grows linearly: each model step stores only what is new since the last. */
class JournalGrowthTest {
    @TempDir
    Path dir;

    record Echo(String text) {}

    @Test
    void modelStepsStoreOnlyTheNewMessages() throws Exception {
        int turns = 40;
        var model = new FunctionModel((messages, params) -> {
            long calls = messages.stream().filter(m -> m instanceof ModelResponse).count();
            return calls < turns ? ModelResponse.of(ToolCallPart.of("echo", Map.of("text", "x".repeat(200) + calls)))
                    : ModelResponse.of(TextPart.of("done"));
        });
        Agent<Void, String> agent = Agent.builder().name("long").model(model).usageLimits(UsageLimits.NONE)
                .tool("echo", "echo", Echo.class, (ctx, e) -> e.text()).build();
        Path db = dir.resolve("growth.db");
        List<StepRecord> history;
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db).register(agent).build()) {
            engine.start(agent, "long-1", "go").result(Duration.ofSeconds(30));
            history = engine.history("long-1");
        }

        var stored = new ArrayList<Integer>();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
             var rs = c.createStatement().executeQuery(
                     "SELECT length(input) FROM steps WHERE run_id = 'long-1' AND kind = 'MODEL' ORDER BY seq")) {
            while (rs.next()) {
                stored.add(rs.getInt(1));
            }
        }
        assertThat(stored).hasSize(turns + 1);
        // After the first request, every model step stores one tool return: the same size each turn.
        int later = stored.get(turns);
        assertThat(stored.subList(2, turns + 1)).allSatisfy(n -> assertThat(n).isBetween(later - 10, later + 10));
        // ... while history shows each step's whole, growing input.
        List<StepRecord> models = history.stream().filter(s -> s.kind() == StepKind.MODEL).toList();
        assertThat(models.getLast().input().path("messages")).hasSize(2 * turns + 1);
        assertThat(models.getLast().input().toString().length()).isGreaterThan(turns * later);
    }
}

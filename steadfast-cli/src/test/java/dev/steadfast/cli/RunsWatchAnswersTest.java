package dev.steadfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runs watch} prints the model's answers between the step lines, with terminal control characters shown escaped. */
class RunsWatchAnswersTest {
    @TempDir
    Path dir;

    @Test
    void watchPrintsEachAnswerAndNeverSendsItsControlCharactersToTheTerminal() {
        Path db = dir.resolve("watch.db");
        Agent<Void, String> writer = Agent.builder()
                .name("writer")
                .model(new FunctionModel((m, p) -> ModelResponse.of(TextPart.of("fsync first, \u001b[2Jthen ack."))))
                .build();
        try (WorkflowEngine engine =
                EmbeddedEngine.builder().database(db).register(writer).build()) {
            engine.start(writer, "w-1", "Explain").result(Duration.ofSeconds(30));
        }

        var r = new CliRunner(db).run("runs", "watch", "w-1");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .contains("  ┆ writer.model: fsync first, \\u001b[2Jthen ack.\n")
                .doesNotContain("\u001b[2J");
        assertThat(r.out().indexOf("┆ writer.model")).isLessThan(r.out().indexOf("COMPLETED"));
    }
}

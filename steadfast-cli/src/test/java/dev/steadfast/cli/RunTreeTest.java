package dev.steadfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.examples.research.ResearchTeam;
import dev.steadfast.examples.research.ResearchWorkflow;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runs show} lists a run's child runs with their tokens and cost; {@code runs list --no-children} hides them. */
class RunTreeTest {
    @TempDir
    Path dir;

    @Test
    void showListsTheChildRunsAndListCanHideThem() {
        Path db = dir.resolve("team.db");
        try (WorkflowEngine engine = EmbeddedEngine.builder()
                .database(db)
                .register(new ResearchWorkflow(new ResearchTeam(step -> {})))
                .build()) {
            engine.start(ResearchWorkflow.class, "team-1", "raft").result(Duration.ofSeconds(60));
        }
        var cli = new CliRunner(db);

        var show = cli.run("runs", "show", "team-1");
        assertThat(show.out()).contains("child runs (", "with this run's own)");
        assertThat(show.out()).containsPattern("team-1\\.c1 +planner +COMPLETED +1 steps +1350 tokens +\\$0\\.0036");
        assertThat(show.out()).containsPattern("team-1\\.c3 +researcher +COMPLETED +3 steps +2700 tokens");
        var child = cli.run("runs", "show", "team-1.c3");
        assertThat(child.out()).contains("child run of team-1", "researcher.tool.search");

        assertThat(cli.run("runs", "list").out()).contains("team-1.c5");
        assertThat(cli.run("runs", "list", "--no-children").out())
                .contains("team-1")
                .doesNotContain("team-1.c");
    }
}

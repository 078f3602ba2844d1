package dev.steadfast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunStatus;
import dev.steadfast.testing.Runs;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A planner and its delegate (a child run) SIGKILLed while the child is inside a step, then resumed
 * by a new engine on the same file: both runs complete, and no step either had recorded at the kill
 * runs again; only the step in flight starts once more.
 */
class DelegationCrashIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aKillInsideTheChildResumesParentAndChildWithoutRepeatingARecordedStep() throws Exception {
        assertResumesAfterKillDuring("search-b");
    }

    @Test
    void aKillInsideTheParentAfterTheChildEndedRepeatsNothingOfTheChild() throws Exception {
        assertResumesAfterKillDuring("planner-1");
    }

    private void assertResumesAfterKillDuring(String held) throws Exception {
        Path logDir = Files.createDirectories(dir.resolve("logs"));
        Path db = dir.resolve("plan.db");
        Path hold = Files.createFile(CrashAgent.hold(logDir, held));
        try (ChildJvm child = ChildJvm.start(DelegationCrash.class, db.toString(), logDir.toString())) {
            child.await(line -> line.equals("HELD " + held), WAIT);
            child.kill();
        }
        Files.delete(hold);
        List<String> atKill = effects(logDir);
        assertThat(atKill).contains("start " + held).doesNotContain("done " + held);

        try (WorkflowEngine engine = EmbeddedEngine.builder()
                .database(db)
                .register(DelegationCrash.planner(logDir))
                .build()) {
            RunInfo done = Runs.await(engine, "plan-run", r -> r.status().isTerminal(), WAIT);
            assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(done.output().path("output").asText())
                    .startsWith("plan from: ")
                    .contains("found a and b");
            assertThat(done.childIds()).containsExactly("plan-run.c2");
            assertThat(engine.describe("plan-run.c2").status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(done.usage().requests()).isEqualTo(5); // 2 of the planner's, 3 of the researcher's
        }
        List<String> effects = effects(logDir);
        for (String step : DelegationCrash.STEPS) {
            assertThat(count(effects, "done " + step))
                    .as("completions of %s", step)
                    .isEqualTo(1);
            // a step recorded before the kill did not start again; the one in flight started once more
            assertThat(count(effects, "start " + step)).as("starts of %s", step).isEqualTo(step.equals(held) ? 2 : 1);
        }
    }

    private static List<String> effects(Path logDir) throws java.io.IOException {
        return Files.readAllLines(logDir.resolve(CrashAgent.EFFECTS));
    }

    private static long count(List<String> lines, String line) {
        return lines.stream().filter(line::equals).count();
    }
}

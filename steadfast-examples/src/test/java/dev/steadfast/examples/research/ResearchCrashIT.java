package dev.steadfast.examples.research;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.engine.EmbeddedEngine.Access;
import dev.steadfast.examples.memo.ChildJvm;
import dev.steadfast.examples.research.ResearchTeam.Report;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The research team SIGKILLed while the second researcher searches (two researchers may be mid-way,
 * the planner done, the writer not begun), then resumed by a new engine on the same file: the report
 * is the one an uncrashed run writes, and no model request or search that any run had recorded ran
 * again; only the one in flight started once more.
 */
class ResearchCrashIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String HELD = "search-how consensus works";

    @TempDir
    Path dir;

    @Test
    void aKillMidFanOutResumesEveryRunWithoutRepeatingARecordedStep() throws Exception {
        Path db = dir.resolve("research.db");
        try (ChildJvm child = ChildJvm.start(dir, ResearchCrashChild.class, db.toString(), dir.toString(), HELD)) {
            child.awaitLine("HELD", WAIT);
            child.kill();
        }
        List<String> atKill = Files.readAllLines(dir.resolve(ResearchCrashChild.EFFECTS));
        assertThat(atKill).contains("done planner", "start " + HELD).doesNotContain("start writer");
        Set<String> recorded = recordedAtKill(db);
        assertThat(recorded).contains("planner").doesNotContain(HELD);

        Report report;
        try (WorkflowEngine engine = EmbeddedEngine.builder()
                .database(db)
                .register(new ResearchWorkflow(new ResearchTeam(ResearchCrashChild.logging(dir, null))))
                .build()) {
            report = engine.handle(ResearchCrashChild.RUN_ID, Report.class).result(WAIT);
            RunInfo parent = engine.describe(ResearchCrashChild.RUN_ID);
            assertThat(parent.childIds()).hasSize(5);
            for (String id : parent.childIds()) {
                assertThat(engine.describe(id).status()).as(id).isEqualTo(RunStatus.COMPLETED);
            }
            assertThat(parent.usage().requests()).isEqualTo(8); // planner 1, researchers 2 each, writer 1
        }
        assertThat(report.title()).isEqualTo("Report on consensus");
        assertThat(report.sections()).hasSize(3).allMatch(s -> s.contains("a fact about"));

        List<String> effects = Files.readAllLines(dir.resolve(ResearchCrashChild.EFFECTS));
        List<String> steps = effects.stream()
                .filter(l -> l.startsWith("done "))
                .map(l -> l.substring(5))
                .distinct()
                .toList();
        // 8 model requests and 3 searches; one that finished its effect but not its record when the process died
        // (its commit was still in the writer's queue) runs once more, as any unrecorded step does: counted below
        assertThat(steps).hasSize(11);
        for (String step : steps) {
            long starts = effects.stream().filter(("start " + step)::equals).count();
            if (recorded.contains(step)) {
                assertThat(starts)
                        .as("starts of %s, recorded before the kill", step)
                        .isEqualTo(1);
            } else { // in flight at the kill (the held search, a researcher beside it): at most once more
                assertThat(starts)
                        .as("starts of %s, in flight at the kill", step)
                        .isBetween(1L, 2L);
            }
        }
        assertThat(effects.stream().filter(("start " + HELD)::equals).count()).isEqualTo(2);
    }

    /**
     * The steps every run's journal had recorded when the process died, by the names the effects log gives
     * them: the planner is child run 1, the researchers of the three questions 2 to 4 (request, search,
     * answering request), the writer 5.
     */
    private static Set<String> recordedAtKill(Path db) {
        List<String> questions = List.of("history of consensus", "how consensus works", "who uses consensus");
        var recorded = new HashSet<String>();
        try (WorkflowEngine engine =
                EmbeddedEngine.builder().database(db).access(Access.READ_ONLY).build()) {
            String parent = ResearchCrashChild.RUN_ID;
            for (String childId : engine.describe(parent).childIds()) {
                int n = Integer.parseInt(childId.substring(childId.lastIndexOf(".c") + 2));
                for (StepRecord s : engine.history(childId)) {
                    if (s.status() != StepStatus.COMPLETED) {
                        continue;
                    }
                    if (n == 1) {
                        recorded.add("planner");
                    } else if (n <= 4) {
                        String q = questions.get(n - 2);
                        recorded.add(
                                switch (s.seq()) {
                                    case 1 -> "researcher-" + q;
                                    case 2 -> "search-" + q;
                                    default -> "researcher-" + q + " (answer)";
                                });
                    }
                }
            }
        }
        return recorded;
    }
}

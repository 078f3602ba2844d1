package dev.steadfast.examples.research;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.examples.research.ResearchTeam.Report;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunQuery;
import dev.steadfast.run.StepKind;
import dev.steadfast.run.StepRecord;
import dev.steadfast.workflow.WorkflowEngine;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The research team uncrashed: one child run per agent call, the researchers at once, usage rolled up. */
class ResearchWorkflowTest {
    @TempDir
    Path dir;

    @Test
    void thePlannerFansOutToThreeResearchersAndTheWriterMergesTheirFindings() {
        var ran = new CopyOnWriteArrayList<String>();
        try (WorkflowEngine engine = EmbeddedEngine.builder()
                .database(dir.resolve("r.db"))
                .register(new ResearchWorkflow(new ResearchTeam(ran::add)))
                .build()) {
            Report report = engine.start(ResearchWorkflow.class, "r1", "raft").result(Duration.ofSeconds(60));

            assertThat(report.title()).isEqualTo("Report on raft");
            assertThat(report.sections())
                    .containsExactly(
                            "history of raft: a fact about history of raft; a source on history of raft",
                            "how raft works: a fact about how raft works; a source on how raft works",
                            "who uses raft: a fact about who uses raft; a source on who uses raft");
            List<StepRecord> steps = engine.history("r1");
            assertThat(steps)
                    .extracting(StepRecord::name)
                    .containsExactly("planner.run", "researcher.run", "researcher.run", "researcher.run", "writer.run");
            assertThat(steps).extracting(StepRecord::kind).containsOnly(StepKind.CHILD);
            RunInfo parent = engine.describe("r1");
            assertThat(parent.childIds()).containsExactly("r1.c1", "r1.c2", "r1.c3", "r1.c4", "r1.c5");
            RunInfo researcher = engine.describe("r1.c3");
            assertThat(researcher.parentId()).isEqualTo("r1");
            assertThat(engine.history("r1.c3"))
                    .extracting(StepRecord::name)
                    .containsExactly("researcher.model", "researcher.tool.search", "researcher.model");
            BigDecimal children = parent.childIds().stream()
                    .map(id -> engine.describe(id).cost())
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(parent.cost()).isEqualByComparingTo(children).isPositive();
            assertThat(parent.usage().requests()).isEqualTo(8);
            assertThat(engine.list(RunQuery.all().withoutChildren()))
                    .extracting(RunInfo::workflowId)
                    .containsExactly("r1");
        }
        assertThat(ran).hasSize(11).doesNotHaveDuplicates();
    }
}

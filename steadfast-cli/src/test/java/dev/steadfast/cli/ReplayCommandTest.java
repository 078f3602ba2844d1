package dev.steadfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.examples.memo.AnalysisWorkflow;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code steadfast replay}: recorded runs replayed against this build's workflows, for CI; non-zero exit on a divergence. */
class ReplayCommandTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** An older AnalysisWorkflow: one step of another name, a text result. */
    static final class OldAnalysis implements Workflow<List<String>, String> {
        @Override
        public String run(WorkflowContext ctx, List<String> documents) {
            return ctx.step("embed_v0", String.class, () -> "embedded " + documents.size());
        }

        @Override
        public String name() {
            return "AnalysisWorkflow";
        }
    }

    /** An older AnalysisWorkflow that waits for a signal after its step. */
    static final class OldWaitingAnalysis implements Workflow<List<String>, String> {
        @Override
        public String run(WorkflowContext ctx, List<String> documents) {
            String s = ctx.step("embed_v0", String.class, () -> "embedded " + documents.size());
            return s + ctx.awaitSignal("go", String.class);
        }

        @Override
        public String name() {
            return "AnalysisWorkflow";
        }
    }

    @Test
    void aRunBlockedOnCodeThatDoesNotMatchItsJournalShowsSoInListAndShow() {
        Path db = dir.resolve("blocked.db");
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db).register(new OldWaitingAnalysis()).build()) {
            engine.start("AnalysisWorkflow", "memo-w", List.of("a memo"));
            TestRuns.await(engine, "memo-w", i -> i.awaitingSignals().contains("go"));
        }
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db).register(new AnalysisWorkflow()).build()) {
            engine.signal("memo-w", "go", "!");
            TestRuns.await(engine, "memo-w", i -> i.error() != null);
        }
        var cli = new CliRunner(db);
        var list = cli.run("runs", "list");
        assertThat(list.out()).contains("memo-w", "blocked: dev.steadfast.error.NonDeterminismException");
        var show = cli.run("runs", "show", "memo-w");
        assertThat(show.out()).contains("(blocked)", "STEP 'embed_v0'", "steadfast replay --run memo-w");
    }

    private void record(Path db, Workflow<?, ?> code, String id) {
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db).register(code).build()) {
            engine.start(code.name(), id, List.of("a memo about cats", "a memo about dogs")).result(WAIT);
        }
    }

    @Test
    void runsOfTheCurrentCodeReplayAndTheCommandSucceedsReadingOnly() throws Exception {
        Path db = dir.resolve("current.db");
        record(db, new AnalysisWorkflow(), "memo-1");
        byte[] before = Files.readAllBytes(db);
        var r = new CliRunner(db).run("replay");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("replayed 1 run(s)", "1 match, 0 diverged");
        assertThat(Files.readAllBytes(db)).isEqualTo(before);
    }

    @Test
    void aRunRecordedByOtherCodeIsADivergenceAndTheExitCodeSaysSo() {
        Path db = dir.resolve("old.db");
        record(db, new OldAnalysis(), "memo-old");
        record(db, new AnalysisWorkflow(), "memo-new");
        var cli = new CliRunner(db);
        var all = cli.run("replay");
        assertThat(all.exitCode()).as(all.toString()).isEqualTo(1);
        assertThat(all.out()).contains("DIVERGED memo-old (AnalysisWorkflow)", "STEP 'embed_v0'",
                "STEP 'generate_embeddings'", "1 match, 1 diverged").doesNotContain("DIVERGED memo-new");
        assertThat(all.err()).contains("1 of 2 runs do not replay on this build's code");

        var one = cli.run("replay", "--run", "memo-new");
        assertThat(one.exitCode()).as(one.toString()).isZero();
        assertThat(one.out()).contains("replayed 1 run(s)");
        assertThat(cli.run("replay", "--run", "no-such-run").exitCode()).isEqualTo(3);
    }
}

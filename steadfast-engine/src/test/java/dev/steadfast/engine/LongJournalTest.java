package dev.steadfast.engine;

import static dev.steadfast.engine.TestEngines.WAIT;
import static dev.steadfast.engine.TestEngines.awaitRun;
import static dev.steadfast.engine.TestEngines.count;
import static dev.steadfast.engine.TestEngines.counted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.error.NonDeterminismException;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunStatus;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journals long enough to stream in while the code replays them (the engine reads a short journal
 * before the code starts, a long one on a thread of its own): the same results, the same checks.
 */
class LongJournalTest {
    static final int STEPS = 1_500;

    @TempDir
    Path dir;

    /** Steps s1..sN each returning a large, distinct text (stored compressed), a signal, then a digest of all results. */
    static class ManySteps implements Workflow<Integer, String> {
        @Override
        public String run(WorkflowContext ctx, Integer steps) {
            long digest = 0;
            for (int i = 1; i <= steps; i++) {
                int n = i;
                String key = ctx.workflowId() + "/" + i;
                String out = ctx.step(name(i), String.class, () -> {
                    count(key);
                    return text(n);
                });
                digest = digest * 31 + out.hashCode();
            }
            ctx.awaitSignal("go", String.class);
            return steps + ":" + digest;
        }

        String name(int i) {
            return "s" + i;
        }

        @Override
        public String name() {
            return "ManySteps";
        }
    }

    /** The same, with step 1,000 renamed: not deterministic for runs of {@link ManySteps}. */
    static final class Renamed extends ManySteps {
        @Override
        String name(int i) {
            return i == 1_000 ? "renamed" : "s" + i;
        }
    }

    static String text(int i) {
        return ("entry " + i + " of the journal, with enough words to be compressed. ").repeat(8);
    }

    static String expected(int steps) {
        long digest = 0;
        for (int i = 1; i <= steps; i++) {
            digest = digest * 31 + text(i).hashCode();
        }
        return steps + ":" + digest;
    }

    private WorkflowEngine open(Workflow<?, ?> workflow) {
        return EmbeddedEngine.builder().database(dir.resolve("long.db")).synchronous(EmbeddedEngine.Synchronous.NORMAL)
                .unloadAfter(Duration.ofMillis(50)).register(workflow).build();
    }

    private void recordWaitingRun(String id, int steps) {
        try (WorkflowEngine engine = open(new ManySteps())) {
            engine.start(ManySteps.class, id, steps);
            awaitRun(engine, id, i -> i.status() == RunStatus.WAITING);
        }
    }

    @Test
    void aLongJournalReplaysItsRecordedResultsInOrder() {
        recordWaitingRun("long-1", STEPS);
        try (WorkflowEngine engine = open(new ManySteps())) {
            engine.signal("long-1", "go", "now");
            assertThat(engine.handle("long-1", String.class).result(WAIT)).isEqualTo(expected(STEPS));
        }
        assertThat(counted("long-1/1")).isEqualTo(1);
        assertThat(counted("long-1/" + STEPS)).isEqualTo(1);
    }

    @Test
    void aChangedStepDeepInALongJournalIsNonDeterminism() {
        recordWaitingRun("long-2", STEPS);
        try (WorkflowEngine engine = open(new Renamed())) {
            engine.signal("long-2", "go", "now");
            RunInfo info = awaitRun(engine, "long-2", i -> i.error() != null);
            assertThat(info.status()).isEqualTo(RunStatus.RUNNING); // blocked until matching code is deployed
            assertThat(info.error().type()).isEqualTo(NonDeterminismException.class.getName());
            assertThat(info.error().message()).contains("at step 1000").contains("'s1000'").contains("'renamed'");
        }
        assertThat(counted("long-2/1000")).isEqualTo(1);
    }

    @Test
    void codeThatEndsBeforeTheEndOfALongJournalBlocksTheRun() {
        recordWaitingRun("long-3", STEPS);
        try (WorkflowEngine engine = open(new ManySteps() {
            @Override
            public String run(WorkflowContext ctx, Integer steps) {
                return super.run(ctx, 300); // the code lost its later steps and the wait
            }
        })) {
            engine.signal("long-3", "go", "now");
            RunInfo info = awaitRun(engine, "long-3", i -> i.error() != null);
            assertThat(info.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(info.error().type()).isEqualTo(NonDeterminismException.class.getName());
            assertThat(info.error().message()).contains("at step 301").contains("'s301'");
        }
    }

    @Test
    void anEngineClosedDuringALongReplayResumesItOnTheNextOpen() {
        recordWaitingRun("long-4", STEPS);
        try (WorkflowEngine engine = open(new ManySteps())) {
            engine.signal("long-4", "go", "now"); // the replay starts, and the engine closes under it
        }
        try (WorkflowEngine engine = open(new ManySteps())) {
            assertThat(engine.handle("long-4", String.class).result(WAIT)).isEqualTo(expected(STEPS));
            assertThat(engine.history("long-4")).hasSize(STEPS + 1);
        }
        assertThat(counted("long-4/1")).isEqualTo(1);
        assertThat(counted("long-4/" + STEPS)).isEqualTo(1);
    }
}

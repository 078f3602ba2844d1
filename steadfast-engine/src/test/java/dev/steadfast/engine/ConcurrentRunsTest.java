package dev.steadfast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import dev.steadfast.workflow.WorkflowHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many runs at once share the writer's groups (and its multi-row inserts): each still gets its
 * own results back, in its own order, each step body run once, and survives a restart as recorded.
 */
class ConcurrentRunsTest {
    @TempDir
    Path dir;

    static final class Counting implements Workflow<Integer, List<String>> {
        @Override
        public List<String> run(WorkflowContext ctx, Integer steps) {
            var out = new ArrayList<String>();
            for (int i = 1; i <= steps; i++) {
                String key = ctx.workflowId() + "/" + i;
                out.add(ctx.step("step-" + (i % 3), String.class, () -> key + "#" + TestEngines.count(key)));
            }
            return out;
        }
    }

    @Test
    void everyRunGetsItsOwnResultsInOrderAndEachStepRanOnce() throws Exception {
        int runs = 300;
        int steps = 12;
        Path db = dir.resolve("many.db");
        var handles = new ArrayList<WorkflowHandle<List<String>>>();
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db).register(new Counting()).build();
             var starters = Executors.newVirtualThreadPerTaskExecutor()) {
            var started = new ArrayList<Future<WorkflowHandle<List<String>>>>();
            for (int r = 0; r < runs; r++) {
                String id = "many-" + r;
                started.add(starters.submit(() -> engine.start(Counting.class, id, steps)));
            }
            for (var f : started) {
                handles.add(f.get());
            }
            for (var h : handles) {
                assertThat(h.result(TestEngines.WAIT)).containsExactlyElementsOf(expected(h.workflowId(), steps));
            }
        }
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db).register(new Counting()).build()) {
            for (var h : handles) {
                List<StepRecord> history = engine.history(h.workflowId());
                assertThat(history).hasSize(steps).allMatch(s -> s.status() == StepStatus.COMPLETED);
                assertThat(history).extracting(s -> s.output().asText())
                        .containsExactlyElementsOf(expected(h.workflowId(), steps));
            }
        }
        for (int r = 0; r < runs; r++) {
            for (int i = 1; i <= steps; i++) {
                assertThat(TestEngines.counted("many-" + r + "/" + i)).as("step %d of run %d ran", i, r).isEqualTo(1);
            }
        }
    }

    private static List<String> expected(String id, int steps) {
        var out = new ArrayList<String>();
        for (int i = 1; i <= steps; i++) {
            out.add(id + "/" + i + "#1");
        }
        return out;
    }
}

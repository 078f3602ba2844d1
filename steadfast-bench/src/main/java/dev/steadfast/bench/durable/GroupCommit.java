package dev.steadfast.bench.durable;

import dev.steadfast.workflow.WorkflowEngine;
import dev.steadfast.workflow.WorkflowHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Item 2: group commit. {@code runs} runs of {@code steps} steps each, all started at once (each
 * start from a virtual thread of its own) on a FULL engine, timed from the first start to the last
 * result; beside the ceiling: the same number of rows inserted by one thread in transactions of
 * {@code runs} rows (what a perfect group commit of that many runs would write), same file
 * settings.
 */
public final class GroupCommit {
    private GroupCommit() {}

    public static List<Figure> run(Path dir, Scale scale) {
        int runs = scale.groupRuns();
        int steps = scale.groupSteps();
        var workflow = new StepsWorkflow(false);
        double ours;
        try (WorkflowEngine engine = Engines.embedded(dir, "group-full", true, workflow)) {
            runAll(engine, "warm-up-", Math.max(1, runs / 10), Math.max(1, steps / 4));
            long nanos = runAll(engine, "run-", runs, steps);
            ours = runs * (double) steps / (nanos / 1e9);
        }
        double ceiling;
        try (var raw = RawSqlite.open(dir.resolve("group-raw.db"), true)) {
            raw.insertBatched("warm-up-", Math.max(1, runs / 10), Math.max(1, steps / 4), "\"xxxxxxxxxxxxxxxx\"");
            long nanos = raw.insertBatched("run-", runs, steps, "\"xxxxxxxxxxxxxxxx\"");
            ceiling = runs * (double) steps / (nanos / 1e9);
        }
        return List.of(new Figure(2, runs + " concurrent runs × " + steps + " steps, FULL", ours, "steps/s",
                "raw inserts, " + runs + " rows per FULL commit", ceiling, "≥ 0.7× ceiling", ours >= 0.7 * ceiling));
    }

    /** Starts {@code runs} runs at once, waits for all, returns the elapsed nanoseconds. */
    static long runAll(WorkflowEngine engine, String prefix, int runs, int steps) {
        var spec = new StepsWorkflow.Spec(steps, 16, false);
        long t0 = System.nanoTime();
        try (ExecutorService starters = Executors.newVirtualThreadPerTaskExecutor()) {
            var started = new ArrayList<Future<WorkflowHandle<Integer>>>(runs);
            for (int r = 0; r < runs; r++) {
                String id = prefix + r;
                started.add(starters.submit(() -> engine.start(StepsWorkflow.class, id, spec)));
            }
            for (Future<WorkflowHandle<Integer>> f : started) {
                f.get().result(Engines.RESULT_TIMEOUT);
            }
        } catch (Exception e) {
            throw new IllegalStateException("group-commit run failed: " + e.getMessage(), e);
        }
        return System.nanoTime() - t0;
    }
}

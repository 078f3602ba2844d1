package dev.steadfast.bench.durable;

import dev.steadfast.workflow.WorkflowEngine;
import dev.steadfast.workflow.WorkflowHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Item 2: group commit. {@code runs} runs of {@code steps} steps each, all started at once (each
 * start from a virtual thread of its own) on a FULL engine, timed from the first start to the last
 * result; beside the ceiling: the same number of journal rows inserted by one thread in
 * transactions of {@code runs} rows (what a perfect group commit of that many runs would write),
 * same file settings ({@link RawSqlite}). Both sides run full-size warm-up rounds first (the JIT
 * compiles each side's path), then the measured rounds, the two sides taking turns; each side's
 * figure is the median of its measured rounds, and the label gives the lowest and highest
 * per-round ratio (this VM's rounds vary widely). Both files grow from round to round alike.
 */
public final class GroupCommit {
    private static final String PAYLOAD = "\"xxxxxxxxxxxxxxxx\"";

    private GroupCommit() {}

    public static List<Figure> run(Path dir, Scale scale) {
        int runs = scale.groupRuns();
        int steps = scale.groupSteps();
        int warmUp = scale.groupWarmUpRounds();
        int rounds = scale.groupRounds();
        double[] ours = new double[rounds];
        double[] ceiling = new double[rounds];
        try (WorkflowEngine engine = Engines.embedded(dir, "group-full", true, new StepsWorkflow(false));
             var raw = RawSqlite.open(dir.resolve("group-raw.db"), true)) {
            for (int r = 0; r < warmUp + rounds; r++) {
                String prefix = "round-" + r + "-";
                double oursPerSecond = runs * (double) steps / (runAll(engine, prefix, runs, steps) / 1e9);
                double rawPerSecond = runs * (double) steps / (raw.insertBatched(prefix, runs, steps, PAYLOAD) / 1e9);
                if (r >= warmUp) {
                    ours[r - warmUp] = oursPerSecond;
                    ceiling[r - warmUp] = rawPerSecond;
                }
            }
        }
        double oursMedian = median(ours);
        double ceilingMedian = median(ceiling);
        double lowest = Double.MAX_VALUE;
        double highest = 0;
        for (int r = 0; r < rounds; r++) {
            lowest = Math.min(lowest, ours[r] / ceiling[r]);
            highest = Math.max(highest, ours[r] / ceiling[r]);
        }
        String over = rounds == 1 ? "1 round"
                : String.format(Locale.ROOT, "median of %d rounds; per round %.2f–%.2f×", rounds, lowest, highest);
        return List.of(new Figure(2, runs + " concurrent runs × " + steps + " steps, FULL (" + over + ")",
                oursMedian, "steps/s", "raw journal inserts, " + runs + " rows per FULL commit (median)",
                ceilingMedian, "≥ 0.7× ceiling", oursMedian >= 0.7 * ceilingMedian));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
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

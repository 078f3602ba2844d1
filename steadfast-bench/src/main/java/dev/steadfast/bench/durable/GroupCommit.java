package dev.steadfast.bench.durable;

import dev.steadfast.workflow.WorkflowEngine;
import dev.steadfast.workflow.WorkflowHandle;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayDeque;
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
 * same file settings ({@link RawSqlite}). Both sides run full-size warm-up rounds first, at least
 * {@link Scale#groupWarmUpRounds()} and then until the JIT is quiet (it compiled for under
 * {@value #QUIET_PERCENT} % of the last {@value #QUIET_ROUNDS} rounds' time; at most
 * {@value #MAX_WARM_UP_FACTOR} times the minimum), then the measured rounds, the two sides taking
 * turns; each side's figure is the median of its measured rounds, and the label gives the number
 * of warm-up rounds and the lowest and highest per-round ratio (this VM's rounds vary widely). Both
 * files grow from round to round alike.
 *
 * <p>Why until the JIT is quiet: on 2 cores a compiler thread takes a core from the engine, which
 * runs a writer and its run threads at once, and hardly from the ceiling, a single thread. Measured
 * here (one probe run of 40 rounds), the JIT compiled for 30–1,100 ms a round in the first 15 rounds,
 * 3–29 ms (up to ≈ 15 % of a round) until round 25, then mostly 0–7 ms.
 */
public final class GroupCommit {
    private static final String PAYLOAD = "\"xxxxxxxxxxxxxxxx\"";
    /** Warm-up goes on until the JIT compiled for less than this share of the last {@link #QUIET_ROUNDS} rounds. */
    static final int QUIET_PERCENT = 2;
    static final int QUIET_ROUNDS = 5;
    /** Warm-up ends after this many times the scale's minimum rounds, quiet or not. */
    static final int MAX_WARM_UP_FACTOR = 4;

    private GroupCommit() {}

    public static List<Figure> run(Path dir, Scale scale) {
        int runs = scale.groupRuns();
        int steps = scale.groupSteps();
        int rounds = scale.groupRounds();
        double[] ours = new double[rounds];
        double[] ceiling = new double[rounds];
        int warmUp = 0;
        try (WorkflowEngine engine = Engines.embedded(dir, "group-full", true, new StepsWorkflow(false));
             var raw = RawSqlite.open(dir.resolve("group-raw.db"), true)) {
            var jit = new JitClock();
            var window = new ArrayDeque<long[]>(); // {nanos, compiled ms} of the last QUIET_ROUNDS warm-up rounds
            while (warmUp < scale.groupWarmUpRounds()
                    || !quiet(window) && warmUp < MAX_WARM_UP_FACTOR * scale.groupWarmUpRounds()) {
                long t0 = System.nanoTime();
                long compiled = jit.millis();
                round(engine, raw, "warm-up-" + warmUp + "-", runs, steps);
                window.addLast(new long[] {System.nanoTime() - t0, jit.millis() - compiled});
                if (window.size() > QUIET_ROUNDS) {
                    window.removeFirst();
                }
                warmUp++;
            }
            for (int r = 0; r < rounds; r++) {
                double[] perSecond = round(engine, raw, "round-" + r + "-", runs, steps);
                ours[r] = perSecond[0];
                ceiling[r] = perSecond[1];
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
        return List.of(new Figure(2, runs + " concurrent runs × " + steps + " steps, FULL (" + over + "; after "
                + warmUp + " warm-up rounds)", oursMedian, "steps/s",
                "raw journal inserts, " + runs + " rows per FULL commit (median)", ceilingMedian, "≥ 0.7× ceiling",
                oursMedian >= 0.7 * ceilingMedian));
    }

    /** Whether the JIT compiled for under {@link #QUIET_PERCENT} % of the last {@link #QUIET_ROUNDS} rounds' time. */
    private static boolean quiet(ArrayDeque<long[]> window) {
        if (window.size() < QUIET_ROUNDS) {
            return false;
        }
        long nanos = 0;
        long compiledMillis = 0;
        for (long[] round : window) {
            nanos += round[0];
            compiledMillis += round[1];
        }
        return compiledMillis * 1e6 < nanos * QUIET_PERCENT / 100.0;
    }

    /** One round of each side, ours first: steps per second of each. */
    private static double[] round(WorkflowEngine engine, RawSqlite raw, String prefix, int runs, int steps) {
        double ours = runs * (double) steps / (runAll(engine, prefix, runs, steps) / 1e9);
        double ceiling = runs * (double) steps / (raw.insertBatched(prefix, runs, steps, PAYLOAD) / 1e9);
        return new double[] {ours, ceiling};
    }

    /** The JIT's total compilation time so far, in ms; always 0 where the JVM does not report it. */
    private static final class JitClock {
        private final CompilationMXBean bean = ManagementFactory.getCompilationMXBean();
        private final boolean supported = bean != null && bean.isCompilationTimeMonitoringSupported();

        long millis() {
            return supported ? bean.getTotalCompilationTime() : 0;
        }
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

package dev.steadfast.bench.durable;

/**
 * How much each end-to-end benchmark does: {@link #QUICK} for {@code ./steadfast bench} (under
 * 3 minutes with the JMH part on 2 cores), {@link #FULL} for {@code --full}, {@link #SMOKE} for
 * the test that checks the harness runs at all.
 *
 * @param name "quick", "full" or "smoke"
 * @param stepSamples item 1: sequential steps measured (and as many raw commits)
 * @param groupRuns item 2: concurrent runs
 * @param groupSteps item 2: steps per run
 * @param groupWarmUpRounds item 2: the fewest full-size rounds each side runs before the measured ones (more
 *                          while the JIT is busy: {@link GroupCommit})
 * @param groupRounds item 2: measured rounds each side (the figure is their median)
 * @param startRuns item 3: 3-step runs started one after another (embedded)
 * @param temporalRuns item 3: 3-step runs on the Temporal test server, each side
 * @param crashRuns item 4: runs in flight when the process is killed
 * @param parkedRuns item 5: runs waiting on a signal
 * @param signals item 5: runs signalled one after another to time signal-to-resume
 * @param agentRuns item 6: durable agent runs, each setting
 * @param longSteps item 7: steps of the one long run
 */
public record Scale(String name, int stepSamples, int groupRuns, int groupSteps, int groupWarmUpRounds,
                    int groupRounds, int startRuns, int temporalRuns,
                    int crashRuns, int parkedRuns, int signals, int agentRuns, int longSteps) {
    public static final Scale SMOKE = new Scale("smoke", 20, 20, 3, 1, 1, 5, 3, 10, 50, 5, 2, 30);
    public static final Scale QUICK = new Scale("quick", 600, 1_000, 20, 10, 5, 200, 50, 1_000, 10_000, 300, 40, 10_000);
    public static final Scale FULL = new Scale("full", 3_000, 1_000, 20, 15, 15, 1_000, 300, 1_000, 100_000, 2_000, 200, 10_000);
}

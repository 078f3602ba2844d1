package dev.steadfast.run;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What replaying recorded runs against today's code found ({@link dev.steadfast.workflow.WorkflowEngine#checkReplay}):
 * the runs replayed and every divergence, where the code no longer matches a run's journal. No step
 * body runs and nothing is written; a run is replayed up to the last entry it recorded.
 *
 * <pre>{@code
 * ReplayReport report = engine.checkReplay(RunQuery.all().withLimit(10_000));
 * report.divergences().forEach(d -> System.err.println(d.workflowId() + ": " + d.problem()));
 * }</pre>
 *
 * @param checkedRuns the ids of the runs replayed, in the order checked
 * @param divergences one per run whose code diverged, in the same order
 */
public record ReplayReport(List<String> checkedRuns, List<Divergence> divergences) {
    public ReplayReport {
        checkedRuns = List.copyOf(checkedRuns);
        divergences = List.copyOf(divergences);
    }

    /**
     * A run whose journal today's code does not replay.
     *
     * @param workflowId the run
     * @param workflowType its workflow type
     * @param errorType what the replay met: {@code NonDeterminismException}'s class name for a step that
     *        differs, {@code RecordedValueMismatchException}'s for a value that no longer reads, or another
     * @param problem what differs, for people: where, what was recorded, what the code did
     */
    public record Divergence(String workflowId, String workflowType, String errorType, String problem) {
        public Divergence {
            requireNonNull(workflowId, "workflowId");
            requireNonNull(problem, "problem");
        }
    }

    /** Whether every run replayed without a divergence. */
    public boolean matches() {
        return divergences.isEmpty();
    }
}

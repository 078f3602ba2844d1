package dev.steadfast.testing;

import static java.util.Objects.requireNonNull;

import dev.steadfast.run.ReplayReport;
import dev.steadfast.run.RunQuery;
import dev.steadfast.workflow.WorkflowEngine;
import java.util.List;

/**
 * Checks in a test that today's workflow code still replays recorded runs: every run in a database
 * (a copy of production's, or one a test filled with the previous version) is replayed against the
 * code registered with {@code engine}, without running any step or writing anything, and every
 * divergence is reported: a step renamed, added or removed without {@code ctx.patched}, a recorded
 * value that no longer reads as its type, a completed run whose code now returns something else.
 *
 * <pre>{@code
 * @Test
 * void newCodeReplaysProductionRuns() {
 *     try (WorkflowEngine engine = EmbeddedEngine.builder().database(Path.of("src/test/resources/prod.db"))
 *             .access(EmbeddedEngine.Access.READ_ONLY).register(new OrderWorkflow()).build()) {
 *         ReplayChecker.of(engine).assertReplays();
 *     }
 * }
 * }</pre>
 */
public final class ReplayChecker {
    /** The most runs one check replays. */
    public static final int MAX_RUNS = 10_000;

    private final WorkflowEngine engine;

    private ReplayChecker(WorkflowEngine engine) {
        this.engine = engine;
    }

    /** A checker of the runs {@code engine} holds, against the workflows registered with it. */
    public static ReplayChecker of(WorkflowEngine engine) {
        return new ReplayChecker(requireNonNull(engine, "engine"));
    }

    /** Replays every run (the newest {@link #MAX_RUNS}). */
    public ReplayReport check() {
        return engine.checkReplay(RunQuery.all().withLimit(MAX_RUNS));
    }

    /** Replays the one run {@code workflowId}. */
    public ReplayReport check(String workflowId) {
        requireNonNull(workflowId, "workflowId");
        ReplayReport all = engine.checkReplay(RunQuery.all().withIdContaining(workflowId).withLimit(MAX_RUNS));
        List<String> checked = all.checkedRuns().stream().filter(workflowId::equals).toList();
        if (checked.isEmpty()) {
            throw new IllegalArgumentException("No run '" + workflowId + "' to replay in this engine's database");
        }
        return new ReplayReport(checked, all.divergences().stream().filter(d -> d.workflowId().equals(workflowId)).toList());
    }

    /** Replays every run and fails with each divergence listed unless all replay. */
    public ReplayReport assertReplays() {
        return assertMatches(check());
    }

    /** Replays run {@code workflowId} and fails with its divergence unless it replays. */
    public ReplayReport assertReplays(String workflowId) {
        return assertMatches(check(workflowId));
    }

    private static ReplayReport assertMatches(ReplayReport report) {
        if (report.matches()) {
            return report;
        }
        var sb = new StringBuilder().append(report.divergences().size()).append(" of ")
                .append(report.checkedRuns().size()).append(" recorded runs do not replay on this code:");
        for (ReplayReport.Divergence d : report.divergences()) {
            sb.append("\n  ").append(d.workflowId()).append(" (").append(d.workflowType()).append("): ").append(d.problem());
        }
        throw new AssertionError(sb.toString());
    }
}

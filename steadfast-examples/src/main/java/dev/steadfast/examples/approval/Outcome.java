package dev.steadfast.examples.approval;

import static java.util.Objects.requireNonNull;

/**
 * How an approval run ended.
 *
 * @param executed whether the plan was approved and executed
 * @param analysis the analyst's analysis the reviewer decided on
 * @param report the executor's report, or {@code null} when rejected
 * @param rejectionReason the reviewer's reason, or {@code null} when executed
 */
public record Outcome(boolean executed, Analysis analysis, String report, String rejectionReason) {
    public Outcome {
        requireNonNull(analysis, "analysis");
    }

    public static Outcome executed(Analysis analysis, String report) {
        return new Outcome(true, analysis, report, null);
    }

    public static Outcome rejected(Analysis analysis, String reason) {
        return new Outcome(false, analysis, null, reason);
    }
}

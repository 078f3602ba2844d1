package dev.steadfast.bench.durable;

import static java.util.Objects.requireNonNull;

/**
 * One line of the end-to-end table: a measured figure beside the baseline measured in the same
 * run, their ratio, and the target with whether it was met.
 *
 * @param item the item of issue 8 (1–8)
 * @param what what was measured ("durable step, p50")
 * @param value the figure, in {@code unit}
 * @param unit "µs", "ms", "steps/s", "KB", …
 * @param baseline what the figure is compared with ("raw SQLite FULL commit, p50"), or "" without one
 * @param baselineValue the baseline, in {@code unit}; NaN without one
 * @param target the target in words ("≤ 1.3× floor"), or "" without one
 * @param met whether the target was met; {@code null} without a target
 */
public record Figure(
        int item,
        String what,
        double value,
        String unit,
        String baseline,
        double baselineValue,
        String target,
        Boolean met) {
    public Figure {
        requireNonNull(what, "what");
        requireNonNull(unit, "unit");
        requireNonNull(baseline, "baseline");
        requireNonNull(target, "target");
    }

    /** A figure with neither baseline nor target (context for the figures beside it). */
    public static Figure info(int item, String what, double value, String unit) {
        return new Figure(item, what, value, unit, "", Double.NaN, "", null);
    }

    /** One line for a benchmark run alone ({@code main}): the figure, its baseline, their ratio and the verdict. */
    public String line() {
        return String.format(
                "%s: %.3f %s (baseline %s: %.3f, ratio %.2f×, target %s: %s)",
                what,
                value,
                unit,
                baseline,
                baselineValue,
                ratio(),
                target,
                met == null ? "–" : met ? "met" : "not met");
    }

    /** value / baseline, or NaN without a baseline. */
    public double ratio() {
        return Double.isNaN(baselineValue) || baselineValue == 0 ? Double.NaN : value / baselineValue;
    }
}

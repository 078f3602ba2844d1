package dev.steadfast.bench.durable;

import java.util.List;
import java.util.Locale;

/**
 * The end-to-end figures as one markdown table: each figure, its baseline from the same run, the
 * ratio, and the target with met / not met.
 *
 * <pre>{@code
 * String md = FigureTable.markdown(figures);
 * }</pre>
 */
public final class FigureTable {
    private FigureTable() {}

    public static String markdown(List<Figure> figures) {
        var md = new StringBuilder();
        md.append("| # | figure | measured | baseline (same run) | baseline | ratio | target | met |\n")
                .append("| ---: | --- | ---: | --- | ---: | ---: | --- | --- |\n");
        for (Figure f : figures) {
            md.append("| ").append(f.item()).append(" | ").append(f.what()).append(" | ").append(value(f.value(), f.unit()))
                    .append(" | ").append(f.baseline().isEmpty() ? "–" : f.baseline())
                    .append(" | ").append(Double.isNaN(f.baselineValue()) ? "–" : value(f.baselineValue(), f.unit()))
                    .append(" | ").append(Double.isNaN(f.ratio()) ? "–" : fmt(f.ratio(), 2) + "×")
                    .append(" | ").append(f.target().isEmpty() ? "–" : f.target())
                    .append(" | ").append(f.met() == null ? "–" : f.met() ? "met" : "**not met**").append(" |\n");
        }
        return md.toString();
    }

    static String value(double v, String unit) {
        if (Double.isNaN(v)) {
            return "–";
        }
        int decimals = Math.abs(v) >= 100 || unit.isEmpty() || unit.equals("steps/s") || unit.equals("B") ? 0
                : Math.abs(v) >= 10 ? 1 : Math.abs(v) >= 1 ? 2 : 3;
        return fmt(v, decimals) + (unit.isEmpty() ? "" : " " + unit);
    }

    static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, decimals == 0 ? "%,.0f" : "%,." + decimals + "f", v);
    }
}

package dev.steadfast.bench;

import dev.steadfast.bench.durable.EndToEnd;
import dev.steadfast.bench.durable.Figure;
import dev.steadfast.bench.durable.FigureTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns measurements into BENCHMARKS.md: the machine, then each benchmark beside its baseline with
 * the ratio (ours / baseline; below 1 is better for time and bytes). Ratios are the figures to
 * compare across runs: absolute numbers move with the machine and its load.
 *
 * <pre>{@code
 * String md = Report.markdown(Machine.current(), "quick (…)", Machine.loadNow(), measurements);
 * }</pre>
 */
public final class Report {
    /** The baseline of the agent benchmarks. */
    static final String BASELINE = "langchain4j";
    private static final int FULL_RUN = 10;
    private static final Map<String, String> LABELS = new LinkedHashMap<>();

    static {
        LABELS.put(BASELINE, "LangChain4j 1.19 AiServices, text (baseline)");
        LABELS.put("steadfastText", "Steadfast plain, text");
        LABELS.put("steadfastRecord", "Steadfast plain, record (`final_result` tool)");
    }

    private Report() {}

    /** The whole BENCHMARKS.md with the agent benchmarks only. */
    public static String markdown(Machine machine, String mode, double loadAtEnd, List<Measurement> results) {
        return markdown(machine, mode, loadAtEnd, results, new EndToEnd.Outcome(List.of(), List.of()), "", "");
    }

    /**
     * The whole BENCHMARKS.md: the machine, one table of every figure (the end-to-end ones and the
     * agent benchmarks' per-turn ratios), the agent benchmarks in detail, {@code findings} (what
     * dominates where a target is missed), and {@code kept}: sections other tools write, carried over.
     */
    public static String markdown(Machine machine, String mode, double loadAtEnd, List<Measurement> results,
                                  EndToEnd.Outcome endToEnd, String findings, String kept) {
        var md = new StringBuilder();
        md.append("# Benchmarks\n\n")
                .append("Written by `./steadfast bench` (quick) or `./steadfast bench --full`; do not edit by hand.\n")
                .append("Every figure is measured beside its baseline in the same run on the same machine, so the\n")
                .append("**ratios** (ours / baseline, below 1 is better) are what to compare; absolute numbers move\n")
                .append("with the machine and with whatever else runs on it.\n\n")
                .append("## Machine\n\n")
                .append("| | |\n| --- | --- |\n")
                .append("| CPU | ").append(machine.cpu()).append(" |\n")
                .append("| cores visible to the JVM | ").append(machine.cores()).append(" |\n")
                .append("| memory | ").append(machine.memory()).append(" |\n")
                .append("| JDK | ").append(machine.jdk()).append(" |\n")
                .append("| date | ").append(machine.date()).append(" |\n")
                .append("| settings | ").append(mode).append(" |\n")
                .append("| load average (1 min) at start / end | ").append(fmt(machine.loadAverage(), 2)).append(" / ")
                .append(fmt(loadAtEnd, 2)).append(" |\n\n");
        if (Math.max(machine.loadAverage(), loadAtEnd) > machine.cores() * 0.75) {
            md.append("The load average shows other work competing for the ").append(machine.cores())
                    .append(" cores during the run (e.g. parallel builds):\nabsolute figures are inflated and noisy; "
                            + "the ratios, measured under the same load, are the result.\n\n");
        }
        var figures = new ArrayList<>(endToEnd.figures());
        figures.addAll(agentFigures(results));
        figures.sort(java.util.Comparator.comparingInt(Figure::item));
        if (!figures.isEmpty()) {
            md.append("## All figures\n\n")
                    .append("Each figure beside its baseline, measured in the same run; ratio = figure / baseline. "
                            + "Items are issue 8's; item 21 is issue 21's (MCP).\n")
                    .append("Workloads: see each class's Javadoc in `steadfast-bench` (`dev.steadfast.bench.durable`).\n\n")
                    .append(FigureTable.markdown(figures));
            for (String note : endToEnd.notes()) {
                md.append("\n- ").append(note);
            }
            md.append(endToEnd.notes().isEmpty() ? "\n" : "\n\n");
        }
        md.append(agentSection(results));
        if (!findings.isBlank()) {
            md.append('\n').append(findings.strip()).append('\n');
        }
        if (!kept.isBlank()) {
            md.append('\n').append(kept.strip()).append('\n');
        }
        return md.toString();
    }

    /** Item 6's targets for Steadfast plain, from the JMH results: CPU µs and bytes per turn against LangChain4j. */
    static List<Figure> agentFigures(List<Measurement> results) {
        var figures = new ArrayList<Figure>();
        find(results, "steadfastText", FULL_RUN).ifPresent(m -> find(results, BASELINE, FULL_RUN).ifPresent(b -> {
            double cpu = m.cpuMicros() / m.turns();
            double baseCpu = b.cpuMicros() / b.turns();
            double bytes = m.bytes() / m.turns();
            double baseBytes = b.bytes() / b.turns();
            figures.add(new Figure(6, "Steadfast plain agent, CPU per turn (JMH)", cpu, "µs",
                    "LangChain4j 1.19 AiServices, CPU per turn", baseCpu, "≤ 0.8×", cpu <= 0.8 * baseCpu));
            figures.add(new Figure(6, "Steadfast plain agent, bytes allocated per turn (JMH)", bytes, "B",
                    "LangChain4j 1.19 AiServices, bytes per turn", baseBytes, "≤ 0.8×", bytes <= 0.8 * baseBytes));
        }));
        return figures;
    }

    /** Section 6 of issue 8: agent framework overhead per turn. */
    static String agentSection(List<Measurement> results) {
        var md = new StringBuilder();
        md.append("## Agent framework overhead per turn (issue 8, item 6)\n\n")
                .append("Workload: one agent run = a ReAct loop of ").append(FULL_RUN).append(" tool calls, then the final answer.\n")
                .append("The model is a zero-latency function returning prebuilt responses (one tool call each, with\n")
                .append("explicit token usage), the tool is a no-op `lookup(String key)`; both frameworks play the same\n")
                .append("script (`ReactScript`). A **turn** is one model request plus the execution of the tool call its\n")
                .append("response asks for; a run of ").append(FULL_RUN).append(" tool calls is ").append(FULL_RUN + 1)
                .append(" turns (the last one only answers), so\nper-turn = per-run / ").append(FULL_RUN + 1)
                .append(". Bytes: `-prof gc`'s `gc.alloc.rate.norm`.\n\n");
        Optional<Measurement> base = find(results, BASELINE, FULL_RUN);
        md.append("| benchmark | wall µs per run | CPU µs per run | CPU µs per turn | bytes per run | bytes per turn"
                        + " | wall ratio | CPU ratio | bytes ratio |\n")
                .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (String name : LABELS.keySet()) {
            find(results, name, FULL_RUN).ifPresent(m -> md.append("| ").append(LABELS.get(name)).append(" | ")
                    .append(fmt(m.micros(), 2)).append(Double.isNaN(m.microsError()) ? "" : " ± " + fmt(m.microsError(), 2))
                    .append(" | ").append(fmt(m.cpuMicros(), 2)).append(" | ").append(fmt(m.cpuMicros() / m.turns(), 3))
                    .append(" | ").append(fmt(m.bytes(), 0)).append(" | ").append(fmt(m.bytes() / m.turns(), 0))
                    .append(" | ").append(ratio(m.micros(), base.map(Measurement::micros)))
                    .append(" | ").append(ratio(m.cpuMicros(), base.map(Measurement::cpuMicros)))
                    .append(" | ").append(ratio(m.bytes(), base.map(Measurement::bytes))).append(" |\n"));
        }
        md.append("\nWall time is JMH's average time per run (± its 99.9% interval). CPU time is the benchmark thread's\n")
                .append("own CPU time per run (`CpuTimeProfiler`; JIT and GC threads excluded): waiting for a busy core\n")
                .append("does not inflate it, so it is the steadier figure on a shared machine.\n");
        List<String[]> marginal = marginalRows(results);
        if (!marginal.isEmpty()) {
            md.append("\nMarginal cost of one turn, without the run's fixed cost: (run of ").append(FULL_RUN)
                    .append(" calls − run of 0 calls) / ").append(FULL_RUN).append(".\n\n")
                    .append("| benchmark | wall µs per extra turn | CPU µs per extra turn | bytes per extra turn"
                            + " | wall ratio | CPU ratio | bytes ratio |\n")
                    .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            marginal.forEach(r -> md.append("| ").append(String.join(" | ", r)).append(" |\n"));
        }
        md.append("\nTarget (issue 8): Steadfast plain ≤ 0.8× LangChain4j's µs and bytes per turn. Reference measured\n")
                .append("when the issue was filed: LangChain4j ≈ 1.2 µs and ≈ 3.6 KB per turn.\n");
        return md.toString();
    }

    private static List<String[]> marginalRows(List<Measurement> results) {
        var rows = new ArrayList<String[]>();
        Optional<double[]> base = marginal(results, BASELINE);
        for (String name : LABELS.keySet()) {
            marginal(results, name).ifPresent(d -> rows.add(new String[] {LABELS.get(name),
                    fmt(d[0], 3), fmt(d[1], 3), fmt(d[2], 0),
                    ratio(d[0], base.map(b -> b[0])), ratio(d[1], base.map(b -> b[1])), ratio(d[2], base.map(b -> b[2]))}));
        }
        return rows;
    }

    /** Wall µs, CPU µs and bytes of one extra turn, from the run with {@value #FULL_RUN} calls and the one with none. */
    static Optional<double[]> marginal(List<Measurement> results, String name) {
        return find(results, name, FULL_RUN).flatMap(full -> find(results, name, 0).map(empty -> new double[] {
                (full.micros() - empty.micros()) / FULL_RUN, (full.cpuMicros() - empty.cpuMicros()) / FULL_RUN,
                (full.bytes() - empty.bytes()) / FULL_RUN}));
    }

    static Optional<Measurement> find(List<Measurement> results, String name, int toolCalls) {
        return results.stream().filter(m -> m.benchmark().equals(name) && m.toolCalls() == toolCalls).findFirst();
    }

    private static String ratio(double value, Optional<Double> baseline) {
        return baseline.filter(b -> b > 0 && !Double.isNaN(value)).map(b -> fmt(value / b, 2) + "×").orElse("–");
    }

    private static String fmt(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return String.format(Locale.ROOT, decimals == 0 ? "%,.0f" : "%,." + decimals + "f", v);
    }
}

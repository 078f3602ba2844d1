package dev.steadfast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The report divides by the right number of turns and compares each figure with the same run's baseline. */
class ReportTest {
    private static final List<Measurement> RESULTS = List.of(
            new Measurement("langchain4j", 10, 22.0, 1.0, 11.0, 44_000),
            new Measurement("langchain4j", 0, 2.0, 0.1, 1.0, 4_000),
            new Measurement("steadfastText", 10, 33.0, 2.0, 22.0, 33_000),
            new Measurement("steadfastText", 0, 3.0, 0.1, 2.0, 3_000));

    @Test
    void perTurnFiguresAndRatiosAgainstTheBaseline() {
        String md = Report.agentSection(RESULTS);
        assertThat(md)
                .contains(
                        "| LangChain4j 1.19 AiServices, text (baseline) | 22.00 ± 1.00 | 11.00 | 1.000 | 44,000 | 4,000"
                                + " | 1.00× | 1.00× | 1.00× |");
        assertThat(md)
                .contains(
                        "| Steadfast plain, text | 33.00 ± 2.00 | 22.00 | 2.000 | 33,000 | 3,000 | 1.50× | 2.00× | 0.75× |");
        assertThat(md).doesNotContain("record (`final_result` tool) |");
    }

    @Test
    void marginalTurnSubtractsTheEmptyRun() {
        assertThat(Report.marginal(RESULTS, "steadfastText"))
                .hasValueSatisfying(d -> assertThat(d).containsExactly(3.0, 2.0, 3_000));
        assertThat(Report.agentSection(RESULTS))
                .contains("| Steadfast plain, text | 3.000 | 2.000 | 3,000 | 1.50× | 2.00× | 0.75× |");
    }

    @Test
    void machineAndLoadNoteInTheFile() {
        var machine = new Machine("Test CPU", 2, "8.0 GiB", "Test JDK 25", "2026-01-01T00:00:00Z", 3.5);
        String md = Report.markdown(machine, "quick", 1.0, RESULTS);
        assertThat(md)
                .contains(
                        "| CPU | Test CPU |",
                        "| load average (1 min) at start / end | 3.50 / 1.00 |",
                        "other work competing for the 2 cores");
    }

    @Test
    void oneTableWithTheAgentTargetsAndTheKeptSection() {
        var machine = new Machine("Test CPU", 2, "8.0 GiB", "Test JDK 25", "2026-01-01T00:00:00Z", 0.5);
        var figure = new dev.steadfast.bench.durable.Figure(
                1, "durable step, p50", 130, "µs", "raw commit, p50", 100, "≤ 1.3× floor", true);
        var outcome =
                new dev.steadfast.bench.durable.EndToEnd.Outcome(List.of(figure), List.of("Item 8 not measured: why."));
        String kept = "## History growth (Temporal vs embedded)\n\nkept text\n";
        String md = Report.markdown(machine, "quick", 0.5, RESULTS, outcome, "## Findings\n\nx\n", kept);
        assertThat(md)
                .contains(
                        "| 1 | durable step, p50 | 130 µs | raw commit, p50 | 100 µs | 1.30× | ≤ 1.3× floor | met |",
                        "| 6 | Steadfast plain agent, CPU per turn (JMH) | 2.00 µs | LangChain4j 1.19 AiServices, CPU per turn | 1.00 µs"
                                + " | 2.00× | ≤ 0.8× | **not met** |",
                        "- Item 8 not measured: why.",
                        "## Findings",
                        "kept text");
        assertThat(md.indexOf("| 1 |")).isLessThan(md.indexOf("| 6 |"));
    }

    @Test
    void keptSectionEndsAtTheNextHeading() {
        String file =
                "# Benchmarks\n\n## Mine\n\na\n\n## History growth (Temporal vs embedded)\n\nb\n\n## Other\n\nc\n";
        assertThat(BenchMain.keptSection(file)).isEqualTo("## History growth (Temporal vs embedded)\n\nb\n\n");
        assertThat(BenchMain.keptSection("# Benchmarks\n")).isEmpty();
        assertThat(BenchMain.keptSection("## A\n\n## MCP tool call (issue 21)\n\nm\n"))
                .isEqualTo("## MCP tool call (issue 21)\n\nm\n");
        assertThat(BenchMain.keptSection("## History growth (Temporal vs embedded)\n\nlast"))
                .endsWith("last");
    }
}

package dev.steadfast.bench.durable;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness runs: one tiny iteration of every end-to-end benchmark (the smoke scale), failing on
 * the first that breaks. The figures are not checked against targets: benchmarks are not tests.
 */
class EndToEndSmokeTest {
    @TempDir
    Path dir;

    @Test
    void everyBenchmarkRunsOnceAtTheSmokeScale() {
        var dbos =
                new DbosComparison.Setup(System.getProperty("java.class.path"), "jdbc:postgresql://unused", "u", "p");
        var outcome = EndToEnd.run(dir, Scale.SMOKE, new EndToEnd.Options(true, dbos, true), line -> {});
        List<Figure> figures = outcome.figures();
        assertThat(outcome.notes()).isEmpty();
        assertThat(figures.stream().map(Figure::item).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 20, 21);
        assertThat(figures).allSatisfy(f -> assertThat(f.value()).as(f.what()).isNotNaN());
        assertThat(figures)
                .filteredOn(f -> f.what().startsWith("duplicate executions"))
                .singleElement()
                .satisfies(f -> assertThat(f.value()).isZero());
        assertThat(FigureTable.markdown(figures))
                .contains(
                        "| 1 | durable step, sequential, FULL, p50 |",
                        "| 8 | DBOS Transact 1.1.0-m6 step, p50 | 760 µs | PostgreSQL single-row commit (JDBC), p50 | 250 µs | 3.04× |");
    }
}

package dev.steadfast.bench.durable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Item 8: DBOS Transact Java on PostgreSQL, beside our embedded engine and beside Postgres's own
 * single-row commit. DBOS's dependency tree (Jackson 3, Kotlin) does not converge with ours, so it
 * runs in a child JVM on its own class path ({@code steadfast-bench/dbos}, built only by
 * {@code ./steadfast bench --full}), which prints its figures ({@code DbosMain}).
 */
public final class DbosComparison {
    /** Where DBOS's side runs: its class path and the PostgreSQL it uses. */
    public record Setup(String classPath, String jdbcUrl, String user, String password) {}

    private DbosComparison() {}

    public static List<Figure> run(Setup setup, Scale scale, Latencies ourSteps, Latencies ourThree)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var cmd = List.of(java, "-Xmx1g", "-cp", setup.classPath(), "dev.steadfast.bench.dbos.DbosMain", setup.jdbcUrl(),
                setup.user(), setup.password(), Integer.toString(scale.stepSamples()), Integer.toString(scale.startRuns()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Map<String, double[]> figures = new HashMap<>();
        var output = new StringBuilder();
        try (var in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.append(line).append('\n');
                String[] f = line.trim().split(" ");
                if (f.length == 3 && f[0].matches("pg_commit|dbos_step|dbos_three")) {
                    figures.put(f[0], new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])});
                }
            }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES) || figures.size() < 3) {
            p.destroyForcibly();
            throw new IllegalStateException("the DBOS process did not report its figures; its output:\n"
                    + output.toString().lines().limit(30).reduce("", (a, b) -> a + b + "\n"));
        }
        double[] pg = figures.get("pg_commit");
        double[] step = figures.get("dbos_step");
        double[] three = figures.get("dbos_three");
        var list = new ArrayList<Figure>();
        list.add(new Figure(8, "DBOS Transact 1.1.0-m6 step, p50", step[0], "µs",
                "PostgreSQL single-row commit (JDBC), p50", pg[0], "", null));
        list.add(new Figure(8, "DBOS Transact 1.1.0-m6 step, p99", step[1], "µs",
                "PostgreSQL single-row commit (JDBC), p99", pg[1], "", null));
        if (ourSteps != null) {
            double ours = ourSteps.percentileMicros(50);
            list.add(new Figure(8, "Steadfast embedded step (FULL, item 1), p50", ours, "µs", "DBOS step, p50", step[0],
                    "≤ 0.5× (≥ 2× faster)", ours <= 0.5 * step[0]));
            list.add(new Figure(8, "Steadfast embedded step (FULL, item 1), p99", ourSteps.percentileMicros(99), "µs",
                    "DBOS step, p99", step[1], "", null));
        }
        list.add(Figure.info(8, "DBOS Transact 3-step start → result, p50", three[0] / 1000, "ms"));
        if (ourThree != null) {
            double ours = ourThree.percentileMicros(50) / 1000;
            list.add(new Figure(8, "Steadfast embedded 3-step start → result (item 3), p50", ours, "ms",
                    "DBOS 3-step start → result, p50", three[0] / 1000, "≤ 0.5× (≥ 2× faster)", ours <= 0.5 * three[0] / 1000));
            list.add(new Figure(8, "Steadfast embedded 3-step start → result (item 3), p99",
                    ourThree.percentileMicros(99) / 1000, "ms", "DBOS 3-step start → result, p99", three[1] / 1000, "", null));
        }
        return list;
    }
}

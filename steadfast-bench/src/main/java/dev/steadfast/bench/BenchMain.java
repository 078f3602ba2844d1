package dev.steadfast.bench;

import dev.steadfast.bench.durable.DbosComparison;
import dev.steadfast.bench.durable.EndToEnd;
import dev.steadfast.bench.durable.McpCall;
import dev.steadfast.bench.durable.Scale;
import dev.steadfast.bench.durable.TracingOverhead;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks, prints the table and rewrites BENCHMARKS.md: first the end-to-end ones
 * ({@link EndToEnd}: durable steps, group commit, start → result on both engines, crash recovery,
 * parked runs, the durable agent, a long run, DBOS Transact when given a PostgreSQL), then the
 * agent JMH benchmarks with JMH's {@link Runner}. {@code ./steadfast bench} calls it; the quick mode
 * (JMH: 1 fork, 4 × 2 s warm-up, 5 × 1 s measured; the end-to-end ones at {@link Scale#QUICK})
 * stays under 3 minutes on 2 cores, {@code --full} takes longer for tighter figures.
 *
 * <pre>{@code
 * java -cp … dev.steadfast.bench.BenchMain [--full] [--out BENCHMARKS.md] [--skip-jmh] [--no-temporal] [--cli ./steadfast]
 *      [--dbos-classpath FILE --pg-url URL --pg-user USER --pg-password PW | --dbos-unavailable REASON]
 * }</pre>
 */
public final class BenchMain {
    /** A section another tool writes into BENCHMARKS.md; carried over when the file is rewritten. */
    static final String KEPT_HEADING = "## History growth (Temporal vs embedded)";

    private BenchMain() {}

    /** Entry point; see the class comment for the arguments. */
    public static void main(String[] args) throws RunnerException, IOException {
        boolean full = false;
        boolean jmh = true;
        boolean temporal = true;
        Path out = Path.of("BENCHMARKS.md");
        Map<String, String> dbos = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--full" -> full = true;
                case "--skip-jmh" -> jmh = false;
                case "--no-temporal" -> temporal = false;
                case "--cli" -> { // the launcher, for item 9 (runs list on 10,000 runs)
                    if (i + 1 == args.length) {
                        usage("--cli needs the steadfast launcher's path");
                    }
                    System.setProperty(EndToEnd.CLI_PROPERTY, args[++i]);
                }
                case "--out", "--dbos-classpath", "--pg-url", "--pg-user", "--pg-password", "--dbos-unavailable" -> {
                    if (i + 1 == args.length) {
                        usage(args[i] + " needs a value");
                    }
                    if (args[i].equals("--out")) {
                        out = Path.of(args[++i]);
                    } else {
                        dbos.put(args[i], args[++i]);
                    }
                }
                default -> usage("unknown argument '" + args[i] + "'");
            }
        }
        Machine machine = Machine.current();
        Scale scale = full ? Scale.FULL : Scale.QUICK;
        var options = new EndToEnd.Options(temporal, dbosSetup(dbos), false);
        Path dir = Files.createTempDirectory("steadfast-bench");
        EndToEnd.Outcome endToEnd;
        try {
            endToEnd = EndToEnd.run(dir, scale, options, System.out::println);
        } finally {
            Files.deleteIfExists(dir);
        }
        if (options.dbos() == null) {
            String why = dbos.getOrDefault(
                    "--dbos-unavailable", full ? "no PostgreSQL was given" : "quick mode (DBOS runs with --full only)");
            var notes = new ArrayList<>(endToEnd.notes());
            notes.add("Item 8 (DBOS Transact) not measured: " + why + ".");
            endToEnd = new EndToEnd.Outcome(endToEnd.figures(), notes);
        }
        // Warm-up is long for a quick run: on 2 busy cores the JIT compiler gets little CPU, and a
        // benchmark measured before its code is compiled reports the interpreter, not the framework.
        int forks = full ? 2 : 1;
        int warmups = full ? 8 : 4;
        int warmupSeconds = 2;
        int iterations = full ? 10 : 5;
        int seconds = full ? 2 : 1;
        String mode = String.format(
                "%s: end-to-end at the %s scale; JMH 1.37, %d fork(s), %d × %d s warm-up,"
                        + " %d × %d s measured, -prof gc, heap 1 GiB",
                full ? "full" : "quick", scale.name(), forks, warmups, warmupSeconds, iterations, seconds);
        var results = new ArrayList<Measurement>();
        if (jmh) {
            String benchmark = AgentTurnBenchmark.class.getName() + ".";
            Options jmhOptions = new OptionsBuilder()
                    .forks(forks)
                    .warmupIterations(warmups)
                    .warmupTime(TimeValue.seconds(warmupSeconds))
                    .measurementIterations(iterations)
                    .measurementTime(TimeValue.seconds(seconds))
                    .jvmArgsAppend("-Xms1g", "-Xmx1g")
                    .addProfiler(GCProfiler.class)
                    .addProfiler(CpuTimeProfiler.class)
                    .shouldFailOnError(true)
                    .build();
            // every benchmark with 10 tool calls; the 0-call runs (for the marginal turn) only where a baseline pairs
            // them
            results.addAll(run(jmhOptions, benchmark + "*", "10"));
            results.addAll(run(jmhOptions, benchmark + "(steadfastText|langchain4j)$", "0"));
        }
        String kept = Files.exists(out) ? keptSection(Files.readString(out)) : "";
        String markdown = Report.markdown(machine, mode, Machine.loadNow(), results, endToEnd, findings(), kept);
        System.out.println();
        System.out.println(markdown);
        Files.writeString(out, markdown);
        System.out.println("Wrote " + out.toAbsolutePath());
    }

    private static DbosComparison.Setup dbosSetup(Map<String, String> args) throws IOException {
        if (!args.containsKey("--dbos-classpath") || args.containsKey("--dbos-unavailable")) {
            return null;
        }
        String classPath =
                Files.readString(Path.of(args.get("--dbos-classpath"))).strip();
        return new DbosComparison.Setup(
                classPath,
                args.getOrDefault("--pg-url", "jdbc:postgresql://127.0.0.1:5432/postgres"),
                args.getOrDefault("--pg-user", "postgres"),
                args.getOrDefault("--pg-password", ""));
    }

    /** The sections under {@link #KEPT_HEADING}, the tracing benchmark's and the MCP call's (written by hand from its runs), each up to the next {@code ## } heading, or "". */
    static String keptSection(String markdown) {
        var kept = new StringBuilder();
        for (String heading : List.of(KEPT_HEADING, TracingOverhead.HEADING, McpCall.HEADING)) {
            int start = markdown.indexOf(heading);
            if (start >= 0) {
                int next = markdown.indexOf("\n## ", start + heading.length());
                kept.append(markdown, start, next < 0 ? markdown.length() : next + 1);
            }
        }
        return kept.toString();
    }

    /** What dominates where a target is missed: written by hand from profiles, kept with the code. */
    private static String findings() throws IOException {
        try (InputStream in = BenchMain.class.getResourceAsStream("findings.md")) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<Measurement> run(Options base, String include, String toolCalls) throws RunnerException {
        return measurements(new Runner(new OptionsBuilder()
                        .parent(base)
                        .include(include)
                        .param("toolCalls", toolCalls)
                        .build())
                .run());
    }

    /** The figures the report needs, from JMH's results. */
    @SuppressWarnings("rawtypes") // JMH's results API is raw
    static List<Measurement> measurements(Collection<RunResult> runs) {
        var list = new ArrayList<Measurement>();
        for (RunResult run : runs) {
            String benchmark = run.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            int toolCalls = Integer.parseInt(run.getParams().getParam("toolCalls"));
            Result<?> primary = run.getPrimaryResult();
            Map<String, Result> secondary = run.getSecondaryResults();
            list.add(new Measurement(
                    method,
                    toolCalls,
                    primary.getScore(),
                    primary.getScoreError(),
                    secondary(secondary, CpuTimeProfiler.LABEL),
                    secondary(secondary, "gc.alloc.rate.norm")));
        }
        return list;
    }

    @SuppressWarnings("rawtypes") // JMH's results API is raw
    private static double secondary(Map<String, Result> secondary, String label) {
        return secondary.entrySet().stream()
                .filter(e -> e.getKey().endsWith(label))
                .mapToDouble(e -> e.getValue().getScore())
                .findFirst()
                .orElse(Double.NaN);
    }

    private static void usage(String problem) {
        System.err.println("steadfast bench: " + problem + "\nusage: ./steadfast bench [--full]");
        System.exit(2);
    }
}

package dev.steadfast.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
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
 * Runs the benchmarks with JMH's {@link Runner}, prints the table and rewrites BENCHMARKS.md.
 * {@code ./steadfast bench} calls it; the quick mode (1 fork, 4 × 2 s warm-up, 5 × 1 s measured; about 1.5 minutes)
 * stays under 3 minutes on 2 cores, {@code --full} takes longer for tighter figures.
 *
 * <pre>{@code
 * java -cp … dev.steadfast.bench.BenchMain [--full] [--out BENCHMARKS.md]
 * }</pre>
 */
public final class BenchMain {
    private BenchMain() {}

    /** Entry point; see the class comment for the arguments. */
    public static void main(String[] args) throws RunnerException, IOException {
        boolean full = false;
        Path out = Path.of("BENCHMARKS.md");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--full" -> full = true;
                case "--out" -> {
                    if (i + 1 == args.length) {
                        usage("--out needs a file name");
                    }
                    out = Path.of(args[++i]);
                }
                default -> usage("unknown argument '" + args[i] + "'");
            }
        }
        // Warm-up is long for a quick run: on 2 busy cores the JIT compiler gets little CPU, and a
        // benchmark measured before its code is compiled reports the interpreter, not the framework.
        int forks = full ? 2 : 1;
        int warmups = full ? 8 : 4;
        int warmupSeconds = 2;
        int iterations = full ? 10 : 5;
        int seconds = full ? 2 : 1;
        String mode = String.format("%s: JMH 1.37, %d fork(s), %d × %d s warm-up, %d × %d s measured, -prof gc, heap 1 GiB",
                full ? "full" : "quick", forks, warmups, warmupSeconds, iterations, seconds);
        Machine machine = Machine.current();
        String benchmark = AgentTurnBenchmark.class.getName() + ".";
        Options options = new OptionsBuilder()
                .forks(forks)
                .warmupIterations(warmups).warmupTime(TimeValue.seconds(warmupSeconds))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(seconds))
                .jvmArgsAppend("-Xms1g", "-Xmx1g")
                .addProfiler(GCProfiler.class)
                .addProfiler(CpuTimeProfiler.class)
                .shouldFailOnError(true)
                .build();
        var results = new ArrayList<Measurement>();
        // every benchmark with 10 tool calls; the 0-call runs (for the marginal turn) only where a baseline pairs them
        results.addAll(run(options, benchmark + "*", "10"));
        results.addAll(run(options, benchmark + "(steadfastText|langchain4j)$", "0"));
        String markdown = Report.markdown(machine, mode, Machine.loadNow(), results);
        System.out.println();
        System.out.println(markdown);
        Files.writeString(out, markdown);
        System.out.println("Wrote " + out.toAbsolutePath());
    }

    private static List<Measurement> run(Options base, String include, String toolCalls) throws RunnerException {
        return measurements(new Runner(new OptionsBuilder().parent(base).include(include).param("toolCalls", toolCalls)
                .build()).run());
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
            list.add(new Measurement(method, toolCalls, primary.getScore(), primary.getScoreError(),
                    secondary(secondary, CpuTimeProfiler.LABEL), secondary(secondary, "gc.alloc.rate.norm")));
        }
        return list;
    }

    @SuppressWarnings("rawtypes") // JMH's results API is raw
    private static double secondary(Map<String, Result> secondary, String label) {
        return secondary.entrySet().stream().filter(e -> e.getKey().endsWith(label))
                .mapToDouble(e -> e.getValue().getScore()).findFirst().orElse(Double.NaN);
    }

    private static void usage(String problem) {
        System.err.println("steadfast bench: " + problem + "\nusage: ./steadfast bench [--full]");
        System.exit(2);
    }
}

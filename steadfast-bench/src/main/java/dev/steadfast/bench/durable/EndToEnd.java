package dev.steadfast.bench.durable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The end-to-end benchmarks of issue 8 (a plain harness, not JMH: each operation is a durable write
 * or more), in order, each in a fresh directory under {@code dir}; prints progress. A benchmark
 * that fails is reported as a note (or, with {@code failFast}, thrown: the smoke test uses that).
 *
 * <pre>{@code
 * var outcome = EndToEnd.run(Files.createTempDirectory("bench"), Scale.QUICK, options, System.out::println);
 * String table = FigureTable.markdown(outcome.figures());
 * }</pre>
 */
public final class EndToEnd {
    /** What else to run beside the embedded benchmarks. */
    public record Options(boolean temporal, DbosComparison.Setup dbos, boolean failFast) {}

    /** The figures, and a note per benchmark that could not run. */
    public record Outcome(List<Figure> figures, List<String> notes) {}

    @FunctionalInterface
    interface Bench {
        List<Figure> run(Path dir) throws Exception;
    }

    /** The {@code steadfast} launcher to time item 9 with ({@code BenchMain --cli}); unset: item 9 is left out. */
    public static final String CLI_PROPERTY = "steadfast.bench.cli";

    private EndToEnd() {}

    public static Outcome run(Path dir, Scale scale, Options options, Consumer<String> progress) {
        var figures = new ArrayList<Figure>();
        var notes = new ArrayList<String>();
        var floor = new Floor[1];
        var embedded = new Latencies[1];
        var steps = new Latencies[1];
        run("1 durable step vs raw commit", dir, options, progress, figures, notes, d -> {
            StepOverhead.Result r = StepOverhead.run(d, scale);
            floor[0] = r.floor();
            steps[0] = r.steps();
            return r.figures();
        });
        if (floor[0] == null) {
            floor[0] = Floor.measure(dir, Math.max(20, scale.stepSamples() / 2));
        }
        run("2 group commit", dir, options, progress, figures, notes, d -> GroupCommit.run(d, scale));
        run("3 start → result, embedded", dir, options, progress, figures, notes, d -> {
            StartToResult.Result r = StartToResult.measure(d, scale.startRuns());
            embedded[0] = r.runs();
            return StartToResult.figures(r);
        });
        if (options.temporal()) {
            run(
                    "3 start → result, Temporal",
                    dir,
                    options,
                    progress,
                    figures,
                    notes,
                    d -> TemporalStartToResult.run(scale.temporalRuns()));
        }
        run("4 crash recovery", dir, options, progress, figures, notes, d -> CrashRecovery.run(d, scale));
        run("5 parked runs", dir, options, progress, figures, notes, d -> ParkedRuns.run(d, scale));
        run("6 durable agent", dir, options, progress, figures, notes, d -> DurableAgent.run(d, scale));
        run("7 long run", dir, options, progress, figures, notes, d -> LongRun.run(d, scale));
        String launcher = System.getProperty(CLI_PROPERTY);
        if (launcher != null) {
            run("9 CLI runs list", dir, options, progress, figures, notes, d -> CliListing.run(d, Path.of(launcher)));
        }
        run(
                "20 streaming model client (issue 20)",
                dir,
                options,
                progress,
                figures,
                notes,
                d -> StreamingClient.run(scale));
        run("21 MCP tool call (issue 21)", dir, options, progress, figures, notes, d -> McpCall.run(d, scale));
        if (options.dbos() != null) {
            run(
                    "8 DBOS Transact",
                    dir,
                    options,
                    progress,
                    figures,
                    notes,
                    d -> DbosComparison.run(options.dbos(), scale, steps[0], embedded[0]));
        }
        figures.sort(Comparator.comparingInt(Figure::item));
        return new Outcome(figures, notes);
    }

    private static void run(
            String name,
            Path root,
            Options options,
            Consumer<String> progress,
            List<Figure> figures,
            List<String> notes,
            Bench bench) {
        progress.accept("bench: " + name + " …");
        long t0 = System.nanoTime();
        Path dir = null;
        try {
            dir = Files.createTempDirectory(root, "item");
            figures.addAll(bench.run(dir));
            progress.accept(String.format("bench: %s done in %.1f s", name, (System.nanoTime() - t0) / 1e9));
        } catch (Exception | AssertionError e) {
            if (options.failFast()) {
                throw new IllegalStateException("benchmark '" + name + "' failed: " + e, e);
            }
            notes.add("Item " + name + " could not run: " + e);
            progress.accept("bench: " + name + " FAILED: " + e);
        } finally {
            delete(dir);
        }
    }

    static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind
        }
    }
}

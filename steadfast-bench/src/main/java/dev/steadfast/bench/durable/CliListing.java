package dev.steadfast.bench.durable;

import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import dev.steadfast.workflow.WorkflowHandle;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Item 9 (issue 19): how long {@code ./steadfast runs list} takes on a database of 10,000 finished
 * one-step runs, from launching the command to its exit (the JVM's start included), beside the
 * {@code sqlite3} shell reading the same 50 rows. The first CLI call is not timed: it makes the class-data
 * archive that later calls start from, as a user's first call does.
 */
public final class CliListing {
    static final int RUNS = 10_000;
    private static final int TIMED = 5;
    private static final String SQL = "SELECT id, type, status, created_at FROM runs ORDER BY created_at DESC LIMIT 50";

    /** One step: what a run of the listing's database did. */
    public static final class OneStep implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String in) {
            return ctx.step("one", String.class, () -> in + "!");
        }
    }

    private CliListing() {}

    public static List<Figure> run(Path dir, Path launcher) throws Exception {
        Path db = dir.resolve("listing.db");
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db).synchronous(EmbeddedEngine.Synchronous.NORMAL)
                .register(new OneStep()).build()) {
            var handles = new ArrayList<WorkflowHandle<String>>(RUNS);
            for (int i = 0; i < RUNS; i++) {
                handles.add(engine.start(OneStep.class, "run-" + i, "x" + i));
            }
            for (WorkflowHandle<String> h : handles) {
                h.result(Duration.ofMinutes(5));
            }
        }
        List<String> cli = List.of(launcher.toString(), "runs", "list", "--db", db.toString());
        millis(cli); // makes the class-data archive
        double ours = median(cli);
        double sqlite;
        try {
            sqlite = median(List.of("sqlite3", db.toString(), SQL));
        } catch (IOException noSqlite3) {
            sqlite = Double.NaN;
        }
        return List.of(new Figure(9, "steadfast runs list on " + RUNS + " runs (50 shown), launch to exit, median of " + TIMED,
                ours, "ms", "sqlite3 shell, the same 50 rows, median of " + TIMED, sqlite, "≤ 1 s", ours <= 1000));
    }

    private static double median(List<String> command) throws IOException, InterruptedException {
        double[] ms = new double[TIMED];
        for (int i = 0; i < TIMED; i++) {
            ms[i] = millis(command);
        }
        Arrays.sort(ms);
        return ms[TIMED / 2];
    }

    private static double millis(List<String> command) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed or hung (exit " + (p.isAlive() ? "none" : p.exitValue()) + ")");
        }
        return (System.nanoTime() - t0) / 1e6;
    }
}

package dev.steadfast.bench.durable;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.steadfast.bench.durable.StepsWorkflow.Payload;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.message.Messages;
import dev.steadfast.run.RunStatus;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Item 7: one run growing to {@code longSteps} steps, each returning a {@value #PAYLOAD}-character
 * search tool result ({@link StepsWorkflow.Payload#TOOL_RESULT}: JSON-ish English text, 1,063 bytes
 * of JSON that the journal's LZ4 takes to about 67 %), on a NORMAL engine (FULL would bury a drift in the CPU
 * cost under fsync noise): the step latency near the end against the latency near step 10 (p50 of
 * 100 steps each); the file's growth per step against the step's JSON payload; and the replay of
 * the whole journal, timed from the signal that wakes the unloaded run to the line after its wait,
 * against a raw {@code SELECT} of the same rows. Since the journal stores large payloads compressed,
 * a second run of as many steps returning random base64 of the same length (which LZ4 cannot
 * shrink, so it is stored as text) shows the file's growth per step without that help, for
 * information. Full-size warm-up runs, each replayed once on an engine of its own, come first: the
 * figures are those of an engine that has been running a while (a cold process resuming runs is
 * item 4's).
 */
public final class LongRun {
    static final int PAYLOAD = 1_000;
    private static final int WINDOW = 100;
    /** Full-size runs replayed before the measured one (fewer leave the replay path half-compiled). */
    private static final int WARM_UP_RUNS = 5;

    private LongRun() {}

    public static List<Figure> run(Path dir, Scale scale) throws IOException, InterruptedException, SQLException {
        int steps = scale.longSteps();
        int window = Math.min(WINDOW, steps / 3);
        Path file = dir.resolve("long.db");
        var workflow = new StepsWorkflow(true);
        long emptyBytes;
        try (WorkflowEngine warm = longEngine(dir.resolve("long-warm-up.db"), new StepsWorkflow(false))) {
            // full-size runs, each replayed once: the JIT compiles the step path before step 10 is
            // timed, and the replay path before the replay is (an engine that has been up a while)
            for (int i = 0; i < (steps >= 1_000 ? WARM_UP_RUNS : 1); i++) { // the smoke scale only checks the harness
                waitThenReplay(warm, "warm-up-" + i, new StepsWorkflow.Spec(steps, PAYLOAD, Payload.TOOL_RESULT, true));
            }
        }
        double replayMs;
        long[] nanos;
        try (WorkflowEngine engine = longEngine(file, workflow)) {
            emptyBytes = fileBytes(file);
            long t0 = waitThenReplay(engine, "long", new StepsWorkflow.Spec(steps, PAYLOAD, Payload.TOOL_RESULT, true));
            nanos = workflow.stepNanos("long");
            replayMs = (workflow.resumedAt("long") - t0) / 1e6;
        }
        double rawReadMs = rawRead(file);
        long grown = fileBytes(file) - emptyBytes;
        var early = new Latencies(window);
        var late = new Latencies(window);
        for (int i = 0; i < window; i++) {
            early.add(nanos[Math.min(9 + i, steps - 1)]);
            late.add(nanos[steps - window + i]);
        }
        double atStart = early.percentileMicros(50);
        double atEnd = late.percentileMicros(50);
        double bytesPerStep = grown / (double) steps;
        int payloadJson = jsonBytes(Payload.TOOL_RESULT);
        double randomBytesPerStep = bytesPerStep(dir, steps, Payload.RANDOM);
        var figures = new ArrayList<Figure>();
        figures.add(new Figure(7, String.format("step latency at step %,d (p50 of the last %d), NORMAL", steps, window),
                atEnd, "µs", "at step 10 (p50 of steps 10–" + (9 + window) + ")", atStart, "≤ 1.1× (drift ≤ 10%)",
                atEnd <= 1.1 * atStart));
        figures.add(new Figure(7, "journal bytes per step, tool-result payload (file growth / steps)", bytesPerStep, "B",
                "the step's JSON payload", payloadJson, "≤ 1.1× payload", bytesPerStep <= 1.1 * payloadJson));
        figures.add(new Figure(7, "journal bytes per step, random base64 payload (barely compressible)",
                randomBytesPerStep, "B", "the step's JSON payload", jsonBytes(Payload.RANDOM), "", null));
        figures.add(new Figure(7, String.format("replay of the %,d-step journal (signal → past the wait)", steps),
                replayMs, "ms", "raw SELECT of the run's journal rows", rawReadMs, "< 100 ms", replayMs < 100));
        return figures;
    }

    /** The file's growth per step of a run of {@code steps} steps returning {@code payload} text. */
    private static double bytesPerStep(Path dir, int steps, Payload payload) throws IOException {
        Path file = dir.resolve("long-" + payload.name().toLowerCase(Locale.ROOT) + ".db");
        long empty;
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(file).synchronous(EmbeddedEngine.Synchronous.NORMAL)
                .register(new StepsWorkflow(false)).build()) {
            empty = fileBytes(file);
            engine.start(StepsWorkflow.class, "long", new StepsWorkflow.Spec(steps, PAYLOAD, payload, false))
                    .result(Engines.RESULT_TIMEOUT);
        }
        return (fileBytes(file) - empty) / (double) steps; // closed: the WAL is checkpointed into the file, as above
    }

    /** The bytes of a step's result as JSON: the payload's text, quoted and escaped. */
    private static int jsonBytes(Payload payload) {
        try {
            return Messages.mapper().writeValueAsBytes(payload.text(PAYLOAD)).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static WorkflowEngine longEngine(Path file, StepsWorkflow workflow) {
        return EmbeddedEngine.builder().database(file).synchronous(EmbeddedEngine.Synchronous.NORMAL)
                .unloadAfter(Duration.ofMillis(200)).register(workflow).build();
    }

    /**
     * Starts run {@code id}, waits until it waits for its signal and is unloaded (only rows), then
     * signals it and waits for its end; returns when the signal was sent ({@link System#nanoTime()}).
     */
    private static long waitThenReplay(WorkflowEngine engine, String id, StepsWorkflow.Spec spec)
            throws InterruptedException {
        engine.start(StepsWorkflow.class, id, spec);
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (engine.describe(id).status() != RunStatus.WAITING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("run " + id + " did not reach its wait");
            }
            Thread.sleep(20);
        }
        Thread.sleep(1_000); // past the unload threshold: the run is rows only
        long t0 = System.nanoTime();
        engine.signal(id, StepsWorkflow.REPLAY_SIGNAL, "go");
        engine.handle(id, Integer.class).result(Engines.RESULT_TIMEOUT);
        return t0;
    }

    private static long fileBytes(Path db) throws IOException {
        long bytes = 0;
        for (String suffix : new String[] {"", "-wal"}) {
            Path p = Path.of(db + suffix);
            if (Files.exists(p)) {
                bytes += Files.size(p);
            }
        }
        return bytes;
    }

    /** Reads every column of the run's journal rows with plain JDBC, best of three, in ms. */
    private static double rawRead(Path db) throws SQLException {
        double best = Double.MAX_VALUE;
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
             var ps = c.prepareStatement("SELECT * FROM steps WHERE run_id = ? ORDER BY seq")) {
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                ps.setString(1, "long");
                try (var rs = ps.executeQuery()) {
                    int cols = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int col = 1; col <= cols; col++) {
                            rs.getObject(col);
                        }
                    }
                }
                best = Math.min(best, (System.nanoTime() - t0) / 1e6);
            }
        }
        return best;
    }
}

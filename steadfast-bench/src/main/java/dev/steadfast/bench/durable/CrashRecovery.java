package dev.steadfast.bench.durable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Item 4: crash recovery. A child JVM ({@link CrashChild}) starts {@code runs} runs of 20 steps
 * (each step logs its execution, then sleeps 20 ms); once every run is a few steps in, the child
 * is SIGKILLed ({@link Process#destroyForcibly()}). The journal is read as the crash left it, a new
 * child opens the same file, and we time how long until every unfinished run has resumed, then
 * count executions per step: a step recorded before the crash that ran again is a duplicate (must
 * be 0); the step in flight at the kill may legitimately run again.
 */
public final class CrashRecovery {
    private static final int STEPS = 20;
    private static final long STEP_MILLIS = 20;

    private CrashRecovery() {}

    public static List<Figure> run(Path dir, Scale scale) {
        int runs = scale.crashRuns();
        Path db = dir.resolve("crash.db");
        Path log = dir.resolve("crash.log");
        try {
            Process first = child("start", db, log, runs);
            var lines = reader(first);
            expect(lines, "STARTED", 120);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (lineCount(log) < runs * 3L) { // every run a few steps in, on average
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the runs made no progress; log has " + lineCount(log) + " lines");
                }
                Thread.sleep(5);
            }
            first.destroyForcibly(); // SIGKILL on Linux and macOS
            first.waitFor();
            Set<String> recorded = new HashSet<>();
            int unfinished = readJournal(db, recorded);
            long spawned = System.nanoTime();
            Process second = child("recover", db, log, unfinished);
            var lines2 = reader(second);
            String resumed = expect(lines2, "RESUMED", 120);
            double wallMs = (System.nanoTime() - spawned) / 1e6;
            String[] times = resumed.split(" ");
            double inProcessMs = Long.parseLong(times[1]) / 1e6;
            double firstMs = Long.parseLong(times[2]) / 1e6;
            double medianMs = Long.parseLong(times[3]) / 1e6;
            expect(lines2, "DONE", 300);
            second.waitFor();
            Map<String, Integer> executions = executions(log);
            long duplicates = recorded.stream()
                    .filter(k -> executions.getOrDefault(k, 0) > 1)
                    .count();
            long rerunInFlight = executions.entrySet().stream()
                    .filter(e -> e.getValue() > 1 && !recorded.contains(e.getKey()))
                    .count();
            return List.of(
                    new Figure(
                            4,
                            runs + " runs in flight, SIGKILL: open → every run resumed",
                            inProcessMs,
                            "ms",
                            "",
                            Double.NaN,
                            "< 1 s",
                            inProcessMs < 1000),
                    Figure.info(4, "… counted from the new JVM's launch (JVM start included)", wallMs, "ms"),
                    Figure.info(4, "… the first run resumed after", firstMs, "ms"),
                    Figure.info(4, "… half of the runs resumed after", medianMs, "ms"),
                    new Figure(
                            4,
                            "duplicate executions of steps recorded before the kill (of " + recorded.size() + ")",
                            duplicates,
                            "",
                            "",
                            Double.NaN,
                            "0",
                            duplicates == 0),
                    Figure.info(
                            4,
                            "steps in flight at the kill that ran again (allowed; of " + unfinished
                                    + " unfinished runs)",
                            (double) rerunInFlight,
                            ""));
        } catch (IOException | InterruptedException | SQLException e) {
            throw new IllegalStateException("crash-recovery benchmark failed: " + e.getMessage(), e);
        }
    }

    private static Process child(String mode, Path db, Path log, int count) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var cmd = new ArrayList<>(List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                CrashChild.class.getName(),
                mode,
                db.toString(),
                log.toString(),
                Integer.toString(count),
                Integer.toString(STEPS),
                Long.toString(STEP_MILLIS)));
        return new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static BlockingQueue<String> reader(Process p) {
        var lines = new LinkedBlockingQueue<String>();
        Thread.ofVirtual().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process went away
            }
            lines.add("EOF");
        });
        return lines;
    }

    private static String expect(BlockingQueue<String> lines, String prefix, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals("EOF")) {
                throw new IllegalStateException("the child process never printed " + prefix
                        + (line == null ? " within " + seconds + " s" : " (it exited)"));
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    private static long lineCount(Path log) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        return Files.size(log) / 8; // "run-N S\n" is 8–12 bytes; an estimate is enough to know runs are in flight
    }

    /** Collects "run seq" of every completed step and returns the number of unfinished runs. */
    private static int readJournal(Path db, Set<String> recorded) throws SQLException {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
                var st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT run_id, seq FROM steps WHERE status = 'COMPLETED'")) {
                while (rs.next()) {
                    recorded.add(rs.getString(1) + " " + rs.getInt(2));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM runs WHERE status <> 'COMPLETED'")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    private static Map<String, Integer> executions(Path log) throws IOException {
        var counts = new HashMap<String, Integer>();
        for (String line : Files.readAllLines(log)) {
            if (!line.isBlank()) {
                counts.merge(line.trim(), 1, Integer::sum);
            }
        }
        return counts;
    }
}

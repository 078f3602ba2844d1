package dev.steadfast.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.run.Decision;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunQuery;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real crashes, a soak bounded for the suite: a child JVM runs {@link CrashWorkflow}s and is
 * SIGKILLed at random moments (a quarter of them during start-up and recovery), round after round
 * (each round starts one more run), then the engine is opened here and every run must finish. After
 * every kill the file passes {@code PRAGMA integrity_check}, and no step the journal held at a
 * kill runs in any later round; the counts are printed. Replay the kill points of a failure with {@code -Dcrash.seed=<printed seed>}.
 */
class CrashRecoveryIT {
    @TempDir
    Path dir;

    private record Execution(String run, int step, int attempt, int round) {}

    @Test
    void runsSurviveRepeatedSigkillsWithoutRepeatingRecordedSteps() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        int kills = Integer.getInteger("crash.kills", 30);
        System.out.println("CrashRecoveryIT seed=" + seed + " kills=" + kills);
        var random = new Random(seed);
        Path db = dir.resolve("crash.db");
        Path log = dir.resolve("effects.log");

        // what the journal held at each kill: a step recorded by then must never run in a later round
        List<Set<String>> recordedAtKill = new ArrayList<>();
        int earlyKills = 0;
        for (int round = 0; round < kills; round++) {
            Process child = startChild(db, log, round);
            if (round > 0 && round < kills - 1 && random.nextInt(4) == 0) {
                Thread.sleep(200 + random.nextInt(600)); // during start-up and recovery, READY or not
                earlyKills++;
            } else {
                awaitReady(child, round);
                Thread.sleep(30 + random.nextInt(370));
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            recordedAtKill.add(checkAfterKill(db, round));
        }

        long killedAt = System.nanoTime();
        List<Execution> executions;
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db).unloadAfter(Duration.ofMillis(100))
                .register(new CrashWorkflow(log, kills)).build()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            List<RunInfo> runs;
            while (true) {
                runs = engine.list(RunQuery.all().withLimit(1000));
                if (runs.stream().allMatch(r -> r.status().isTerminal()) || System.nanoTime() > deadline) {
                    break;
                }
                for (RunInfo r : runs) {
                    if (r.awaitingSignals().contains("go")) {
                        engine.signal(r.workflowId(), "go", "go");
                    }
                }
                Thread.sleep(50);
            }
            assertThat(runs).hasSize(kills);
            int expectedSum = CrashWorkflow.STEPS * (CrashWorkflow.STEPS + 1) / 2;
            for (RunInfo r : runs) {
                assertThat(r.status()).as(r.workflowId() + " " + r.error()).isEqualTo(RunStatus.COMPLETED);
                assertThat(r.output().asText()).isEqualTo(r.workflowId() + ":" + expectedSum);
                List<StepRecord> history = engine.history(r.workflowId());
                assertThat(history).allMatch(s -> s.status() == StepStatus.COMPLETED);
                assertThat(history).filteredOn(s -> s.name().matches("s\\d+")).hasSize(CrashWorkflow.STEPS);
                // the timeline's crash marks: one per recovery of the run, never one per step
                assertThat(r.decisions()).filteredOn(d -> d.kind() == Decision.Kind.RECOVERED)
                        .hasSizeLessThanOrEqualTo(kills).allMatch(d -> d.by().equals("engine"));
            }
            assertThat(runs).as("a run was in flight at some kill, and its recovery is marked")
                    .anyMatch(r -> r.decisions().stream().anyMatch(d -> d.kind() == Decision.Kind.RECOVERED));
            executions = readLog(log);
            System.out.println("CrashRecoveryIT: final recovery took " + (System.nanoTime() - killedAt) / 1_000_000 + " ms");
        }
        assertNoRecordedStepRanAgain(executions, kills);
        int ranAfterRecorded = 0;
        for (Execution e : executions) {
            if (e.round > 0 && recordedAtKill.get(e.round - 1).contains(e.run + "/s" + e.step)) {
                ranAfterRecorded++;
            }
        }
        System.out.println("CrashRecoveryIT soak: " + kills + " SIGKILLs (" + earlyKills + " during start-up or"
                + " recovery), " + kills + " integrity checks all ok, " + ranAfterRecorded
                + " executions of steps recorded before the kill");
        assertThat(ranAfterRecorded).as("executions of steps the journal held at an earlier kill").isZero();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
             var rs = c.createStatement().executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
    }

    @Test
    void anEngineInAnotherProcessHoldsTheFileUntilItDies() throws Exception {
        Path db = dir.resolve("owned.db");
        Process child = startChild(db, dir.resolve("owned.log"), 0);
        try {
            awaitReady(child, 0);
            assertThatThrownBy(() -> EmbeddedEngine.builder().database(db).build())
                    .hasMessageContaining("in use by another Steadfast engine")
                    .hasMessageContaining("pid " + child.pid());
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        EmbeddedEngine.builder().database(db).register(new CrashWorkflow(dir.resolve("owned.log"), 1)).build().close();
    }

    /** After a kill: the file passes {@code PRAGMA integrity_check}; returns the steps recorded ("run/step"). */
    private static Set<String> checkAfterKill(Path db, int round) throws Exception {
        var recorded = new HashSet<String>();
        if (!Files.exists(db)) {
            return recorded; // killed before the first engine created it
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            try (var rs = st.executeQuery("PRAGMA integrity_check")) {
                rs.next();
                assertThat(rs.getString(1)).as("integrity after kill " + round).isEqualTo("ok");
            }
            try (var rs = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'steps'")) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    return recorded;
                }
            }
            try (var rs = st.executeQuery("SELECT run_id, name FROM steps WHERE status = 'COMPLETED'")) {
                while (rs.next()) {
                    recorded.add(rs.getString(1) + "/" + rs.getString(2));
                }
            }
        }
        return recorded;
    }

    /**
     * A step executed in two rounds was in flight when the first of them was killed: it must be
     * the last thing its run did in that round. So each kill repeats at most one step per run,
     * and a step whose record was committed never runs again.
     */
    private static void assertNoRecordedStepRanAgain(List<Execution> executions, int kills) {
        Map<String, Execution> lastInRound = new HashMap<>();
        for (Execution e : executions) {
            lastInRound.put(e.run + "@" + e.round, e);
        }
        Map<String, List<Execution>> byStepAttempt = new HashMap<>();
        for (Execution e : executions) {
            byStepAttempt.computeIfAbsent(e.run + "/" + e.step + "/" + e.attempt, k -> new ArrayList<>()).add(e);
        }
        int repeats = 0;
        for (List<Execution> same : byStepAttempt.values()) {
            for (int i = 0; i < same.size() - 1; i++) {
                Execution cut = same.get(i);
                assertThat(cut.round).as("re-executed in the final, unkilled round: " + cut).isLessThan(kills);
                assertThat(lastInRound.get(cut.run + "@" + cut.round))
                        .as("step %s of %s ran again although its run went on past it in round %d", cut.step, cut.run,
                                cut.round)
                        .isEqualTo(cut);
                repeats++;
            }
        }
        for (int round = 0; round < kills; round++) {
            for (int s = 1; s <= CrashWorkflow.STEPS; s++) {
                int step = s;
                String run = "run-" + round;
                assertThat(executions).as("step " + step + " of " + run).anyMatch(e -> e.run.equals(run) && e.step == step);
            }
        }
        System.out.println("CrashRecoveryIT: " + executions.size() + " executions, " + repeats
                + " in-flight steps repeated after " + kills + " kills");
    }

    private static List<Execution> readLog(Path log) throws Exception {
        var out = new ArrayList<Execution>();
        if (!Files.exists(log)) {
            return out;
        }
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            if (f.length == 4) { // a line cut by a kill mid-write is not an execution we can attribute
                out.add(new Execution(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3])));
            }
        }
        return out;
    }

    private static Process startChild(Path db, Path log, int round) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        var cmd = List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), db.toString(), log.toString(),
                String.valueOf(round));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static void awaitReady(Process child, int round) throws Exception {
        var reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        var seen = new StringBuilder();
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.equals("READY")) {
                Thread.ofVirtual().start(() -> drain(reader));
                return;
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("child of round " + round + " exited before READY:\n" + seen);
    }

    private static void drain(BufferedReader reader) {
        try {
            while (reader.readLine() != null) {
                // keep the pipe empty so the child never blocks on output
            }
        } catch (java.io.IOException ignored) {
            // the child was killed
        }
    }
}

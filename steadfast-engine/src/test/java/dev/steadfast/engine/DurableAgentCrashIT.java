package dev.steadfast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.AgentResult;
import dev.steadfast.run.StepRecord;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 6-step agent run SIGKILLed during each of its steps in turn, then resumed here: no completed
 * tool call runs again, the model receives exactly the conversations an uncrashed run sends, and
 * the typed output is the same.
 */
class DurableAgentCrashIT {
    @TempDir
    Path dir;

    private record Outcome(AgentResult<CrashAgent.Summary> result, List<String> conversations, List<String> tools,
                           List<StepRecord> history) {}

    @Test
    void aRunKilledDuringAnyStepResumesAsIfNothingHappened() throws Exception {
        Outcome reference = runUncrashed(dir.resolve("reference"));
        assertThat(reference.history()).hasSize(6);

        for (int step = 1; step <= 6; step++) {
            Path work = Files.createDirectories(dir.resolve("kill-" + step));
            Path db = work.resolve("agent.db");
            killDuring(step, db, work);
            Outcome resumed = resume(db, work);

            assertThat(resumed.result().output()).as("output after a kill in step %d", step)
                    .isEqualTo(reference.result().output());
            // The model saw each conversation of the uncrashed run; only the request in flight may repeat.
            assertThat(new HashSet<>(resumed.conversations())).as("conversations, kill in step %d", step)
                    .isEqualTo(new HashSet<>(reference.conversations()));
            assertThat(resumed.conversations().size()).isBetween(3, 4);
            // A tool call that finished ('done') never started again.
            List<String> done = resumed.tools().stream().filter(l -> l.startsWith("done ")).map(l -> l.substring(5)).toList();
            assertThat(done).as("completed tool calls, kill in step %d", step).doesNotHaveDuplicates().hasSize(3);
            long restarts = resumed.tools().stream().filter(l -> l.startsWith("start ")).count() - 3;
            assertThat(restarts).as("tool calls started twice, kill in step %d", step).isBetween(0L, 2L);
            assertThat(resumed.history()).extracting(StepRecord::name).isEqualTo(reference.history().stream().map(StepRecord::name).toList());
        }
    }

    private Outcome runUncrashed(Path work) throws Exception {
        Files.createDirectories(work);
        return resume(work.resolve("agent.db"), work);
    }

    private Outcome resume(Path db, Path work) throws Exception {
        var agent = CrashAgent.create(work);
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db).register(agent).build()) {
            AgentResult<CrashAgent.Summary> r = engine.start(agent, "crash-run", CrashAgent.PROMPT).result(Duration.ofSeconds(60));
            return new Outcome(r, lines(work.resolve("conversations.log")), lines(work.resolve("tools.log")), engine.history("crash-run"));
        }
    }

    private static List<String> lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    /**
     * Runs the agent in a child JVM and SIGKILLs it 150 ms into step {@code step}. Fails, with what
     * the child printed, if it does not reach that step within a minute (a stalled run must fail
     * the build, not hang it).
     */
    private static void killDuring(int step, Path db, Path work) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path err = work.resolve("child-stderr.log");
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                CrashAgent.class.getName(), db.toString(), work.toString())
                .redirectError(err.toFile()).start();
        String awaited = step == 1 ? "STARTED" : "STEP " + (step - 1);
        var lines = new LinkedBlockingQueue<String>();
        Thread.ofVirtual().start(() -> {
            try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines().forEach(lines::add);
            } catch (Exception ignored) {
                // the child was killed
            }
        });
        try {
            var seen = new ArrayList<String>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!seen.contains(awaited) && seen.stream().noneMatch(l -> l.startsWith("ENDED"))
                    && System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) {
                    seen.add(line);
                }
            }
            assertThat(seen).as("child's output (stderr: %s)", Files.exists(err) ? Files.readString(err) : "none")
                    .contains(awaited);
            Thread.sleep(150);
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}

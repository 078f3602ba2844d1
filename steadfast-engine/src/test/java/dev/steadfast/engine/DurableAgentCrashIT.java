package dev.steadfast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.AgentResult;
import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 6-step agent run SIGKILLed inside each of its steps in turn (the step is held until the kill), then
 * resumed here: the typed output is the same as an uncrashed run's, the model receives only that run's
 * conversations, no step the journal had recorded at the kill runs again, and a step in flight at the kill
 * runs at most once more. Nothing depends on the machine's speed: a step that finished in the child but was
 * not yet recorded when the kill landed may run again, as the engine promises.
 */
class DurableAgentCrashIT {
    private static final List<String> STEPS = CrashAgent.STEPS;

    @TempDir
    Path dir;

    private record Outcome(AgentResult<CrashAgent.Summary> result, List<String> conversations, List<String> effects,
                           List<StepRecord> history) {}

    /** What was known when the child died: its side effects and the steps its journal had recorded. */
    private record Kill(List<String> effects, Set<String> recorded) {}

    @Test
    void aRunKilledDuringAnyStepResumesAsIfNothingHappened() throws Exception {
        Outcome reference = runUncrashed(dir.resolve("reference"));
        // the journal's order is STEPS' order (the parallel calls are numbered in call order)
        assertThat(reference.history()).extracting(StepRecord::name).containsExactly("crasher.model",
                "crasher.tool.search", "crasher.model", "crasher.tool.search", "crasher.tool.search", "crasher.model");
        assertThat(reference.history().get(3).input().toString()).contains("\"b\"");
        for (String step : STEPS) {
            assertThat(count(reference.effects(), "start " + step)).as("starts of %s, uncrashed", step).isEqualTo(1);
        }

        for (String held : STEPS) {
            Path work = Files.createDirectories(dir.resolve("kill-" + held));
            Path db = work.resolve("agent.db");
            Kill kill = killDuring(held, db, work);
            Outcome resumed = resume(db, work);

            assertThat(resumed.result().output()).as("output after a kill in %s", held)
                    .isEqualTo(reference.result().output());
            assertThat(resumed.history()).extracting(StepRecord::name)
                    .isEqualTo(reference.history().stream().map(StepRecord::name).toList());
            assertThat(kill.recorded()).as("recorded at a kill in %s (effects %s)", held, kill.effects())
                    .containsAll(recordedBefore(held)).doesNotContain(held);
            assertOnlyUnrecordedStepsRanAgain(held, kill, resumed.effects());
            // The model saw the conversations of the uncrashed run (a request in flight at the kill sees its own again).
            assertThat(new HashSet<>(resumed.conversations())).as("conversations, kill in %s", held)
                    .isEqualTo(new HashSet<>(reference.conversations()));
        }
    }

    /** The steps recorded before {@code step} starts: all before it, except its sibling among the parallel calls. */
    private static List<String> recordedBefore(String step) {
        List<String> before = new ArrayList<>(STEPS.subList(0, STEPS.indexOf(step)));
        if (step.equals("search-c")) {
            before.remove("search-b");
        }
        return before;
    }

    /**
     * The promise at a kill: a step the journal had recorded never started again; the held step and every step
     * not yet started started once more; any other step started at most once more (it may have finished in the
     * child before the kill, unrecorded); and every step finished.
     */
    private static void assertOnlyUnrecordedStepsRanAgain(String held, Kill kill, List<String> effects) {
        for (String step : STEPS) {
            long before = count(kill.effects(), "start " + step);
            long after = count(effects, "start " + step) - before;
            String where = String.format("starts of %s after a kill in %s (effects at the kill %s, in the end %s)", step,
                    held, kill.effects(), effects);
            // one process, no crash: nothing ran twice before the kill
            assertThat(before).as(where).isLessThanOrEqualTo(1);
            if (kill.recorded().contains(step)) {
                assertThat(after).as("recorded at the kill: " + where).isZero();
            } else if (before == 0 || step.equals(held)) {
                assertThat(after).as(where).isEqualTo(1);
            } else {
                assertThat(after).as("in flight, unrecorded at the kill: " + where).isBetween(0L, 1L);
            }
            assertThat(count(effects, "done " + step)).as("ends of %s in %s", step, effects).isPositive();
        }
    }

    private Outcome runUncrashed(Path work) throws Exception {
        Files.createDirectories(work);
        return resume(work.resolve("agent.db"), work);
    }

    private Outcome resume(Path db, Path work) throws Exception {
        var agent = CrashAgent.create(work);
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db).register(agent).build()) {
            AgentResult<CrashAgent.Summary> r = engine.start(agent, "crash-run", CrashAgent.PROMPT).result(Duration.ofSeconds(90));
            return new Outcome(r, lines(work.resolve(CrashAgent.CONVERSATIONS)), lines(work.resolve(CrashAgent.EFFECTS)),
                    engine.history("crash-run"));
        }
    }

    private static long count(List<String> lines, String line) {
        return lines.stream().filter(line::equals).count();
    }

    private static List<String> lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    /**
     * Runs the agent in a child JVM with {@code held} held, SIGKILLs the child once the step started, and reads
     * the side effects and the journal (read-only) as the kill left them; then lets the step go. Fails, with what
     * the child printed, if the step does not start within a minute (a stalled run must fail the build, not hang it).
     */
    private static Kill killDuring(String held, Path db, Path work) throws Exception {
        Files.createFile(CrashAgent.hold(work, held));
        String java = ProcessHandle.current().info().command().orElse("java");
        Path err = work.resolve("child-stderr.log");
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                CrashAgent.class.getName(), db.toString(), work.toString())
                .redirectError(err.toFile()).start();
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
            while (!seen.contains("HELD " + held) && seen.stream().noneMatch(l -> l.startsWith("ENDED"))
                    && System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) {
                    seen.add(line);
                }
            }
            assertThat(seen).as("child's output (stderr: %s)", Files.exists(err) ? Files.readString(err) : "none")
                    .contains("HELD " + held);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        Set<String> recorded = new LinkedHashSet<>();
        try (WorkflowEngine journal = EmbeddedEngine.builder().database(db).access(EmbeddedEngine.Access.READ_ONLY).build()) {
            for (StepRecord r : journal.history("crash-run")) {
                if (r.status() == StepStatus.COMPLETED) {
                    recorded.add(STEPS.get(r.seq() - 1));
                }
            }
        }
        var kill = new Kill(lines(work.resolve(CrashAgent.EFFECTS)), recorded);
        Files.delete(CrashAgent.hold(work, held));
        return kill;
    }
}

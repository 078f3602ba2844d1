package dev.steadfast.examples;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.examples.research.OfflineResearchModel;
import dev.steadfast.examples.research.ResearchAgent;
import dev.steadfast.examples.research.ResearchTools;
import dev.steadfast.examples.research.Summary;
import dev.steadfast.workflow.RunInfo;
import dev.steadfast.workflow.StepRecord;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ./steadfast demo}: a durable research agent is killed with SIGKILL in the middle of a model
 * request, and a second process resumes it from the journal — the search it had already done is
 * not done again, a rate limit on the way is waited out, and the typed result comes back. Offline:
 * the model is scripted.
 */
public final class Demo {
    static final String RUN_ID = "research-1";
    static final String TOPIC = "durable agents";
    /** Kill the first process after this step is recorded (the search), during the next model request. */
    private static final int KILL_AFTER_STEP = 2;

    /** What the second process did, for tests. */
    record Outcome(AgentResult<Summary> result, List<StepRecord> history, int modelCalls, int searches) {}

    private Demo() {}

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args.length > 0 ? args[0] : ".steadfast/demo.db");
        run(db, System.out);
    }

    static Outcome run(Path db, PrintStream out) throws IOException, InterruptedException {
        Files.createDirectories(db.toAbsolutePath().getParent());
        for (String suffix : List.of("", "-wal", "-shm", ".lock")) {
            Files.deleteIfExists(db.resolveSibling(db.getFileName() + suffix));
        }
        out.println("Steadfast demo — a durable research agent, killed mid-run and resumed");
        out.println("(offline: a scripted model stands in for the LLM; journal: " + db + ")");
        out.println();
        crashFirstProcess(db, out);
        return resume(db, out);
    }

    private static void crashFirstProcess(Path db, PrintStream out) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DemoWorker.class.getName(), db.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (var lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                String[] f = line.split("\t");
                if (f[0].equals("PID")) {
                    out.println("Process 1 (pid " + f[1] + ") starts run '" + RUN_ID + "': \"" + TOPIC + "\"");
                } else if (f[0].equals("STEP")) {
                    out.printf("  ✓ step %s  %-24s %5s ms  %s%n", f[1], f[2], f[3],
                            f[4].equals("0") ? "" : f[4] + " tokens");
                    if (Integer.parseInt(f[1]) == KILL_AFTER_STEP) {
                        Thread.sleep(250); // the next model request is now in flight
                        break;
                    }
                }
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no goodbye
            child.waitFor(10, TimeUnit.SECONDS);
        }
        out.println("  ✗ SIGKILL during step " + (KILL_AFTER_STEP + 1) + " (researcher.model) — process 1 is gone");
        out.println();
    }

    private static Outcome resume(Path db, PrintStream out) {
        var modelCalls = new AtomicInteger();
        var searches = new AtomicInteger();
        // This time the provider answers the first request with a 429: the step waits and retries.
        Agent<Void, Summary> agent = ResearchAgent.create(
                OfflineResearchModel.create(Duration.ofMillis(300), 1, modelCalls),
                new ResearchTools(Duration.ofMillis(500), searches));
        out.println("Process 2 (pid " + ProcessHandle.current().pid() + ") opens the same journal; recovery resumes the run");
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db).register(agent).build()) {
            AgentResult<Summary> result = engine.start(agent, RUN_ID, TOPIC).result(Duration.ofMinutes(2));
            List<StepRecord> history = engine.history(RUN_ID);
            RunInfo info = engine.describe(RUN_ID);
            out.println();
            out.println("Timeline of run '" + RUN_ID + "' (" + info.status() + "):");
            Timeline.print(history, out);
            out.println();
            out.printf("Process 2 made %d search%s and %d model request%s (one of them rate limited):%n",
                    searches.get(), searches.get() == 1 ? "" : "es", modelCalls.get(), modelCalls.get() == 1 ? "" : "s");
            out.println("steps 1–" + KILL_AFTER_STEP + " came back from the journal, never paid for twice.");
            out.println();
            Summary s = result.output();
            out.println("Typed output (" + Summary.class.getSimpleName() + "):");
            out.println("  title:  " + s.title());
            s.points().forEach(p -> out.println("  point:  " + p));
            out.printf("Run totals: %d requests, %d tokens, $%s%n", info.usage().requests(), info.usage().totalTokens(),
                    info.cost().toPlainString());
            out.println();
            out.println("Next: ./steadfast test runs the suite; see README.md for agents on OpenAI or Anthropic.");
            return new Outcome(result, history, modelCalls.get(), searches.get());
        }
    }
}

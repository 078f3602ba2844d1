package dev.steadfast.examples;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.examples.research.OfflineResearchModel;
import dev.steadfast.examples.research.ResearchAgent;
import dev.steadfast.examples.research.ResearchTools;
import dev.steadfast.examples.research.Summary;
import dev.steadfast.model.Model;
import dev.steadfast.model.Models;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.StepRecord;
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
    /** Kill the first process after this step is recorded (the search), during the next model request (DemoWorker holds it). */
    private static final int KILL_AFTER_STEP = 2;

    /** What the second process did, for tests. */
    record Outcome(AgentResult<Summary> result, List<StepRecord> history, int modelCalls, int searches) {}

    private Demo() {}

    /** {@code [--model provider:model] [--db file]}; offline with a scripted model unless a model is given. */
    public static void main(String[] args) throws Exception {
        Path db = Path.of(".steadfast/demo.db");
        String model = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> model = args[++i];
                case "--db" -> db = Path.of(args[++i]);
                default -> {
                    System.err.println(
                            "usage: ./steadfast demo [--model provider:model] [--db file]  (unknown: " + args[i] + ")");
                    System.exit(2);
                }
            }
        }
        try {
            if (model != null) {
                Models.of(model); // fail here, in one line, rather than in the child process
            }
            run(db, model, System.out);
        } catch (RuntimeException e) {
            System.err.println("steadfast demo: " + e.getMessage());
            System.exit(1);
        }
    }

    /** The model a demo process uses: {@code spec} through {@link Models#of}, or the offline one. */
    static Model model(String spec, Duration latency, int rateLimitedCalls, AtomicInteger calls) {
        if (spec == null) {
            return OfflineResearchModel.create(latency, rateLimitedCalls, calls);
        }
        Model real = Models.of(spec);
        return new Model() {
            @Override
            public String name() {
                return real.name();
            }

            @Override
            public String provider() {
                return real.provider();
            }

            @Override
            public dev.steadfast.message.ModelResponse request(
                    List<dev.steadfast.message.Message> messages,
                    dev.steadfast.model.ModelSettings settings,
                    dev.steadfast.model.ModelRequestParameters params) {
                calls.incrementAndGet();
                return real.request(messages, settings, params);
            }
        };
    }

    static Outcome run(Path db, PrintStream out) throws IOException, InterruptedException {
        return run(db, null, out);
    }

    static Outcome run(Path db, String modelSpec, PrintStream out) throws IOException, InterruptedException {
        Files.createDirectories(db.toAbsolutePath().getParent());
        refuseIfOwned(db);
        for (String suffix : List.of("", "-wal", "-shm", ".lock")) {
            Files.deleteIfExists(db.resolveSibling(db.getFileName() + suffix));
        }
        out.println("Steadfast demo — a durable research agent, killed mid-run and resumed");
        out.println(
                modelSpec == null
                        ? "(offline: a scripted model stands in for the LLM; journal: " + db + ")"
                        : "(model: " + modelSpec + "; journal: " + db + ")");
        out.println();
        crashFirstProcess(db, modelSpec, out);
        return resume(db, modelSpec, out);
    }

    /**
     * The demo replaces its database; never one that a running engine (a console, say) owns: that
     * process would go on serving a deleted file, beside a second owner of the new one.
     */
    static void refuseIfOwned(Path db) throws IOException {
        if (!Files.exists(db)) {
            return;
        }
        // Whoever owns the file holds a lock on the file itself: opening an engine on it is the one sure test (the
        // demo replaces the file next, so what the probe records does not matter).
        try (var probe =
                dev.steadfast.engine.EmbeddedEngine.builder().database(db).build()) {
            return;
        } catch (dev.steadfast.error.DatabaseInUseException e) {
            throw new IllegalStateException(
                    db + " is in use by another process (" + e.holder() + "), so the demo does not"
                            + " replace it — stop that process (a steadfast console?), or run the demo on another file:"
                            + " ./steadfast demo --db .steadfast/demo-2.db");
        } catch (RuntimeException e) {
            return; // not ours or not readable as ours: the demo replaces it
        }
    }

    private static void crashFirstProcess(Path db, String modelSpec, PrintStream out)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = new java.util.ArrayList<>(List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                DemoWorker.class.getName(),
                db.toString()));
        if (modelSpec != null) {
            command.add(modelSpec);
        }
        Process child = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (var lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            // The child reports recorded steps and, from the model, that the next request is in flight (it holds
            // that one until killed): kill once both are seen, whichever line comes first.
            boolean recorded = false;
            boolean inFlight = false;
            String line;
            while (!(recorded && inFlight) && (line = lines.readLine()) != null) {
                String[] f = line.split("\t");
                if (f[0].equals("PID")) {
                    out.println("Process 1 (pid " + f[1] + ") starts run '" + RUN_ID + "': \"" + TOPIC + "\"");
                } else if (f[0].equals("ENDED")) {
                    throw new IllegalStateException("The run ended " + f[1] + " before the demo could interrupt it"
                            + (f.length > 2 && !f[2].isEmpty() ? ": " + f[2] : ""));
                } else if (f[0].equals("STEP")) {
                    out.printf(
                            "  ✓ step %s  %-24s %5s ms  %s%n",
                            f[1], f[2], f[3], f[4].equals("0") ? "" : f[4] + " tokens");
                    recorded |= Integer.parseInt(f[1]) == KILL_AFTER_STEP;
                } else if (f[0].equals("IN FLIGHT")) {
                    inFlight = true;
                }
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no goodbye
            child.waitFor(10, TimeUnit.SECONDS);
        }
        out.println("  ✗ SIGKILL during step " + (KILL_AFTER_STEP + 1) + " (researcher.model) — process 1 is gone");
        out.println();
    }

    private static Outcome resume(Path db, String modelSpec, PrintStream out) {
        var modelCalls = new AtomicInteger();
        var searches = new AtomicInteger();
        // Offline, the provider answers the first request with a 429 this time: the step waits and retries.
        Agent<Void, Summary> agent = ResearchAgent.create(
                model(modelSpec, Duration.ofMillis(300), 1, modelCalls),
                new ResearchTools(Duration.ofMillis(500), searches));
        out.println("Process 2 (pid " + ProcessHandle.current().pid()
                + ") opens the same journal; recovery resumes the run");
        try (WorkflowEngine engine =
                EmbeddedEngine.builder().database(db).register(agent).build()) {
            AgentResult<Summary> result = engine.start(agent, RUN_ID, TOPIC).result(Duration.ofMinutes(2));
            List<StepRecord> history = engine.history(RUN_ID);
            RunInfo info = engine.describe(RUN_ID);
            out.println();
            out.println("Timeline of run '" + RUN_ID + "' (" + info.status() + "):");
            Timeline.print(history, out);
            out.println();
            out.printf(
                    "Process 2 made %d search%s and %d model request%s%s:%n",
                    searches.get(),
                    searches.get() == 1 ? "" : "es",
                    modelCalls.get(),
                    modelCalls.get() == 1 ? "" : "s",
                    modelSpec == null ? " (one of them rate limited)" : "");
            out.println("steps 1–" + KILL_AFTER_STEP + " came back from the journal, never paid for twice.");
            out.println();
            Summary s = result.output();
            out.println("Typed output (" + Summary.class.getSimpleName() + "):");
            out.println("  title:  " + s.title());
            s.points().forEach(p -> out.println("  point:  " + p));
            out.printf(
                    "Run totals: %d requests, %d tokens, $%s%n",
                    info.usage().requests(),
                    info.usage().totalTokens(),
                    info.cost().toPlainString());
            out.println();
            out.println("Look closer:  ./steadfast runs show " + RUN_ID + " --db " + db
                    + "   (add --step 3 for one step in full)");
            out.println("              ./steadfast console --db " + db
                    + "   (the timeline and the conversation in a browser)");
            return new Outcome(result, history, modelCalls.get(), searches.get());
        }
    }
}

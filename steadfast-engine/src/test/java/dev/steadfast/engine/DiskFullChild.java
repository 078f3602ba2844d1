package dev.steadfast.engine;

import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunQuery;
import dev.steadfast.run.StepRecord;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import java.util.TreeMap;

/**
 * The process {@link StorageFaultIT} runs on a small tmpfs: opens an engine at {@code args[0]},
 * takes most of the remaining space with a ballast file, then obeys stdin: {@code start <runs>}
 * starts runs whose steps each record 16 KB of incompressible text (enough to fill the disk),
 * {@code status} prints the runs' statuses, {@code free} deletes the ballast, and {@code results}
 * waits for every run and prints each result with the most attempts any of its steps took.
 */
public final class DiskFullChild {
    static final int STEPS = 12;

    private DiskFullChild() {}

    /** {@link #STEPS} steps of 16 KB each; returns how many characters they recorded in all. */
    static final class Bulky implements Workflow<Integer, Integer> {
        public Integer run(WorkflowContext ctx, Integer seed) {
            int total = 0;
            for (int i = 1; i <= STEPS; i++) {
                int n = i;
                total += ctx.step("bulk" + n, String.class, () -> {
                    byte[] bytes = new byte[12 * 1024];
                    new Random(seed * 1000L + n).nextBytes(bytes);
                    return Base64.getEncoder().encodeToString(bytes);
                }).length();
            }
            return total;
        }
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info"); // the "writing again" line is INFO
        Path db = Path.of(args[0]);
        WorkflowEngine engine = EmbeddedEngine.builder().database(db).register(new Bulky()).build();
        Path ballast = db.resolveSibling("ballast");
        fill(ballast, Long.parseLong(args[1]));
        System.out.println("READY");
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        int runs = 0;
        while ((line = in.readLine()) != null) {
            String[] cmd = line.split(" ");
            switch (cmd[0]) {
                case "start" -> {
                    runs = Integer.parseInt(cmd[1]);
                    for (int r = 0; r < runs; r++) {
                        int seed = r;
                        // start() itself may wait for the disk; the command loop must not
                        Thread.ofVirtual().start(() -> engine.start(Bulky.class, "bulky-" + seed, seed));
                    }
                    System.out.println("STARTED");
                }
                case "status" -> {
                    var byStatus = new TreeMap<String, Integer>();
                    for (RunInfo r : engine.list(RunQuery.all())) {
                        byStatus.merge(r.status().name(), 1, Integer::sum);
                    }
                    System.out.println("STATUS " + byStatus);
                }
                case "free" -> {
                    Files.delete(ballast);
                    System.out.println("FREED");
                }
                case "results" -> {
                    for (int r = 0; r < runs; r++) {
                        String id = "bulky-" + r;
                        Integer result = engine.handle(id, Integer.class).result(Duration.ofSeconds(120));
                        int attempts = engine.history(id).stream().mapToInt(StepRecord::attempts).max().orElse(0);
                        System.out.println("RESULT " + id + " " + result + " " + engine.describe(id).status()
                                + " attempts=" + attempts);
                    }
                    System.out.println("DONE");
                }
                default -> System.out.println("UNKNOWN " + line);
            }
        }
        engine.close();
    }

    /** Writes {@code bytes} of ballast (or as much as fits). */
    private static void fill(Path ballast, long bytes) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(ballast)) {
            for (long written = 0; written < bytes; written += chunk.length) {
                out.write(chunk);
            }
        } catch (IOException e) {
            // full already: that is what the ballast is for
        }
    }
}

package dev.steadfast.bench.durable;

import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.run.RunQuery;
import dev.steadfast.run.RunStatus;
import dev.steadfast.step.StepContext;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * The process {@link CrashRecovery} kills and restarts. {@code start}: opens the engine, starts
 * the runs and prints {@code STARTED}, then works until it is killed. {@code recover}: opens the
 * engine again (which resumes every unfinished run), prints {@code RESUMED <last> <first> <median>}
 * (ns) once each of the {@code expected} runs has executed a step it had not recorded (or ended,
 * with none left), the times counted from just before the engine was opened; then {@code DONE}
 * once no run is left.
 *
 * <p>Every execution of a step body appends {@code <run> <seq>} to the log (O_APPEND, one write),
 * so the parent can count executions per recorded step.
 *
 * <pre>{@code
 * java -cp … dev.steadfast.bench.durable.CrashChild start  <db> <log> <runs> <steps> <stepMillis>
 * java -cp … dev.steadfast.bench.durable.CrashChild recover <db> <log> <expected> <steps> <stepMillis>
 * }</pre>
 */
public final class CrashChild {
    private CrashChild() {}

    /** The workflow: {@code steps} steps, each logging its execution, then sleeping a little (work in flight). */
    public static final class Appending implements Workflow<Integer, Integer> {
        private final FileChannel log;
        private final long stepMillis;
        private final Map<String, Long> resumed = new ConcurrentHashMap<>();

        Appending(FileChannel log, long stepMillis) {
            this.log = log;
            this.stepMillis = stepMillis;
        }

        @Override
        public Integer run(WorkflowContext ctx, Integer steps) {
            for (int i = 0; i < steps; i++) {
                ctx.step("append", Integer.class, () -> {
                    StepContext step = StepContext.current().orElseThrow();
                    resumed.putIfAbsent(step.workflowId(), System.nanoTime());
                    append(step.workflowId() + " " + step.seq() + "\n");
                    Thread.sleep(stepMillis);
                    return step.seq();
                });
            }
            resumed.putIfAbsent(ctx.workflowId(), System.nanoTime());
            return steps;
        }

        private void append(String line) {
            try {
                log.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path db = Path.of(args[1]);
        Path logFile = Path.of(args[2]);
        int count = Integer.parseInt(args[3]);
        int steps = Integer.parseInt(args[4]);
        long stepMillis = Long.parseLong(args[5]);
        try (FileChannel log = FileChannel.open(
                logFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            var workflow = new Appending(log, stepMillis);
            long t0 = System.nanoTime();
            WorkflowEngine engine =
                    EmbeddedEngine.builder().database(db).register(workflow).build();
            if (mode.equals("start")) {
                try (var starters = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int r = 0; r < count; r++) {
                        String id = "run-" + r;
                        // execute, not submit: a failure is printed, not dropped in an unread Future
                        starters.execute(() -> engine.start(Appending.class, id, steps));
                    }
                }
                System.out.println("STARTED");
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE); // until SIGKILL
            }
            while (workflow.resumed.size() < count) {
                Thread.sleep(1);
            }
            long[] at = workflow.resumed.values().stream()
                    .mapToLong(t -> t - t0)
                    .sorted()
                    .toArray();
            System.out.println("RESUMED " + at[at.length - 1] + " " + at[0] + " " + at[at.length / 2]);
            System.out.flush();
            while (!engine.list(RunQuery.all().withStatus(RunStatus.RUNNING, RunStatus.WAITING))
                    .isEmpty()) {
                Thread.sleep(20);
            }
            engine.close();
            System.out.println("DONE");
        }
    }
}

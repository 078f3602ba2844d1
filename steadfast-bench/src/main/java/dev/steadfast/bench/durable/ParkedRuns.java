package dev.steadfast.bench.durable;

import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Item 5: parked runs. {@code parkedRuns} runs each wait for a signal on a FULL engine (default
 * unload threshold, 1 s): once all of them wait and the threshold has passed, the heap in use
 * after a full GC, minus the heap in use before the first start, divided by the runs, is the heap
 * one parked run costs; for comparison, the same is taken of fewer runs on an engine that never unloads.
 * Then {@code signals} runs are signalled one after another, each timed from {@code signal()} to the
 * line after its {@code awaitSignal} (record the signal, reload, replay, consume it): two durable
 * writes, so two raw FULL commits, made just before each signal, are its floor.
 */
public final class ParkedRuns {
    private static final Duration UNLOAD_AFTER = Duration.ofSeconds(1);

    private ParkedRuns() {}

    /** Waits for "go", then notes when it got past the wait. */
    public static final class Parked implements Workflow<String, String> {
        private final AtomicInteger parked = new AtomicInteger();
        private final Map<String, CompletableFuture<Long>> resumedAt = new ConcurrentHashMap<>();

        @Override
        public String run(WorkflowContext ctx, String input) {
            parked.incrementAndGet();
            String go = ctx.awaitSignal("go", String.class);
            long now = System.nanoTime();
            resumedAt
                    .computeIfAbsent(ctx.workflowId(), k -> new CompletableFuture<>())
                    .complete(now);
            return go;
        }
    }

    public static List<Figure> run(Path dir, Scale scale)
            throws InterruptedException, ExecutionException, TimeoutException {
        int runs = scale.parkedRuns();
        int loaded = Math.max(10, Math.min(2_000, runs / 5));
        var workflow = new Parked();
        try (WorkflowEngine engine = dev.steadfast.engine.EmbeddedEngine.builder()
                        .database(dir.resolve("parked.db"))
                        .unloadAfter(UNLOAD_AFTER)
                        .register(workflow)
                        .build();
                var raw = RawSqlite.open(dir.resolve("floor.db"), true)) {
            long before = usedHeapAfterGc();
            var inFlight = new Semaphore(256);
            try (var starters = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int r = 0; r < runs; r++) {
                    String id = "parked-" + r;
                    inFlight.acquire();
                    starters.execute(() -> {
                        try {
                            engine.start(Parked.class, id, "");
                        } finally {
                            inFlight.release();
                        }
                    });
                }
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (workflow.parked.get() < runs) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + workflow.parked.get() + " of " + runs + " runs parked");
                }
                Thread.sleep(10);
            }
            Thread.sleep(UNLOAD_AFTER.toMillis() + 1_000); // unloaded: a row each, no thread
            double kbPerRun = (usedHeapAfterGc() - before) / 1024.0 / runs;
            var resume = new Latencies(scale.signals());
            var floor = new Latencies(scale.signals());
            int step = Math.max(1, runs / scale.signals());
            for (int i = 0; i < scale.signals(); i++) {
                String id = "parked-" + (i * step);
                floor.add(raw.commitMany("floor-" + i, 2));
                var resumed = workflow.resumedAt.computeIfAbsent(id, k -> new CompletableFuture<>());
                long t0 = System.nanoTime();
                engine.signal(id, "go", "now");
                resume.add(resumed.get(1, TimeUnit.MINUTES) - t0);
            }
            return List.of(
                    new Figure(
                            5,
                            String.format(
                                    "heap per parked run (%,d runs waiting on a signal%s)",
                                    runs, runs < 100_000 ? "; quick mode, the issue asks 100,000" : ""),
                            kbPerRun,
                            "KB",
                            "",
                            Double.NaN,
                            "≤ 4 KB",
                            kbPerRun <= 4),
                    Figure.info(
                            5,
                            String.format(
                                    "… a waiting run that is not unloaded (its virtual thread parked; %,d"
                                            + " runs, unload threshold 1 h)",
                                    loaded),
                            loadedKb(dir, loaded),
                            "KB"),
                    new Figure(
                            5,
                            "signal → resume of an unloaded run, p50",
                            resume.percentileMicros(50) / 1000,
                            "ms",
                            "2 raw FULL commits in a row, p50",
                            floor.percentileMicros(50) / 1000,
                            "",
                            null),
                    new Figure(
                            5,
                            "signal → resume of an unloaded run, p99",
                            resume.percentileMicros(99) / 1000,
                            "ms",
                            "2 raw FULL commits in a row, p99",
                            floor.percentileMicros(99) / 1000,
                            "",
                            null));
        }
    }

    /** The heap per waiting run while it keeps its thread: the cost the unloading saves. */
    private static double loadedKb(Path dir, int runs) throws InterruptedException {
        var workflow = new Parked();
        try (WorkflowEngine engine = dev.steadfast.engine.EmbeddedEngine.builder()
                .database(dir.resolve("loaded.db"))
                .unloadAfter(Duration.ofHours(1))
                .register(workflow)
                .build()) {
            long before = usedHeapAfterGc();
            try (var starters = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int r = 0; r < runs; r++) {
                    String id = "loaded-" + r;
                    // execute, not submit: a failure is printed, not dropped in an unread Future
                    starters.execute(() -> engine.start(Parked.class, id, ""));
                }
            }
            while (engine.list(dev.steadfast.run.RunQuery.all()
                                    .withStatus(dev.steadfast.run.RunStatus.WAITING)
                                    .withLimit(runs))
                            .size()
                    < runs) {
                Thread.sleep(20);
            }
            return (usedHeapAfterGc() - before) / 1024.0 / runs;
        }
    }

    static long usedHeapAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) { // until it stops falling: finalization, soft references, G1's regions
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}

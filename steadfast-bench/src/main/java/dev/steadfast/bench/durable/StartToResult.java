package dev.steadfast.bench.durable;

import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.util.List;

/**
 * Item 3, embedded: start a 3-step workflow and wait for its result, one run after another, on a
 * FULL engine. A run makes five durable writes (its start, three steps, its end), so its floor is
 * five raw FULL commits, measured just before each run (same file directory), so both see the same
 * load.
 */
public final class StartToResult {
    /** The three steps' workflow input: tiny results, no wait. */
    static final StepsWorkflow.Spec THREE_STEPS = new StepsWorkflow.Spec(3, 16, false);

    private StartToResult() {}

    /** The latencies (ns) of {@code runs} sequential start-to-result runs, and of five raw commits before each. */
    public record Result(Latencies runs, Latencies floor) {}

    public static Result measure(Path dir, int runs) {
        var latencies = new Latencies(runs);
        var floor = new Latencies(runs);
        try (WorkflowEngine engine = Engines.embedded(dir, "three-steps", true, new StepsWorkflow(false));
             var raw = RawSqlite.open(dir.resolve("floor.db"), true)) {
            for (int i = 0; i < Math.min(runs, 50); i++) {
                engine.start(StepsWorkflow.class, "warm-up-" + i, THREE_STEPS).result(Engines.RESULT_TIMEOUT);
            }
            for (int i = 0; i < runs; i++) {
                floor.add(raw.commitMany("floor-" + i, 5));
                long t0 = System.nanoTime();
                engine.start(StepsWorkflow.class, "run-" + i, THREE_STEPS).result(Engines.RESULT_TIMEOUT);
                latencies.add(System.nanoTime() - t0);
            }
        }
        return new Result(latencies, floor);
    }

    public static List<Figure> figures(Result r) {
        double p50 = r.runs().percentileMicros(50) / 1000;
        double p99 = r.runs().percentileMicros(99) / 1000;
        return List.of(
                new Figure(3, "3-step start → result, embedded FULL, p50", p50, "ms",
                        "5 raw FULL commits in a row, p50", r.floor().percentileMicros(50) / 1000, "< 2 ms", p50 < 2),
                new Figure(3, "3-step start → result, embedded FULL, p99", p99, "ms",
                        "5 raw FULL commits in a row, p99", r.floor().percentileMicros(99) / 1000, "", null));
    }
}

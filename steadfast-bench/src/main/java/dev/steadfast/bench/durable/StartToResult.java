package dev.steadfast.bench.durable;

import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.util.List;

/**
 * Item 3, embedded: start a 3-step workflow and wait for its result, one run after another, on a
 * FULL engine. A run makes five durable writes (its start, three steps, its end), so the floor is
 * five raw FULL commits.
 */
public final class StartToResult {
    /** The three steps' workflow input: tiny results, no wait. */
    static final StepsWorkflow.Spec THREE_STEPS = new StepsWorkflow.Spec(3, 16, false);

    private StartToResult() {}

    /** The latencies, in ns, of {@code runs} sequential start-to-result runs. */
    public static Latencies measure(Path dir, int runs) {
        var latencies = new Latencies(runs);
        try (WorkflowEngine engine = Engines.embedded(dir, "three-steps", true, new StepsWorkflow(false))) {
            for (int i = 0; i < Math.min(runs, 50); i++) {
                engine.start(StepsWorkflow.class, "warm-up-" + i, THREE_STEPS).result(Engines.RESULT_TIMEOUT);
            }
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                engine.start(StepsWorkflow.class, "run-" + i, THREE_STEPS).result(Engines.RESULT_TIMEOUT);
                latencies.add(System.nanoTime() - t0);
            }
        }
        return latencies;
    }

    public static List<Figure> figures(Latencies embedded, Floor floor) {
        double p50 = embedded.percentileMicros(50) / 1000;
        double p99 = embedded.percentileMicros(99) / 1000;
        return List.of(
                new Figure(3, "3-step start → result, embedded FULL, p50", p50, "ms",
                        "5 raw FULL commits (p50 each)", 5 * floor.full().percentileMicros(50) / 1000, "< 2 ms", p50 < 2),
                new Figure(3, "3-step start → result, embedded FULL, p99", p99, "ms",
                        "5 raw FULL commits (p99 each)", 5 * floor.full().percentileMicros(99) / 1000, "", null));
    }
}

package dev.steadfast.bench.durable;

import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Item 1: a durable step, sequential, {@code synchronous=FULL}, beside the raw single-row FULL
 * commit. The two are measured in alternating blocks (raw commits, then a run of as many steps,
 * and again), so a change in the machine's load hits both alike. A step's latency is the time its
 * {@code ctx.step} call takes in workflow code: run the body, encode the result, commit it
 * through the group-commit writer, hand it back.
 *
 * <p>The floor of both settings measured here is reused by the items that compare with it.
 */
public final class StepOverhead {
    private static final int BLOCK = 100;

    private StepOverhead() {}

    /** The figures, the step latencies, and the FULL and NORMAL floors measured alongside. */
    public record Result(List<Figure> figures, Latencies steps, Floor floor) {}

    public static Result run(Path dir, Scale scale) {
        int block = Math.min(BLOCK, scale.stepSamples());
        var steps = new Latencies(scale.stepSamples());
        var floor = new Latencies(scale.stepSamples());
        var workflow = new StepsWorkflow(true);
        try (WorkflowEngine warm = Engines.embedded(dir, "steps-warm-up", false, new StepsWorkflow(false))) {
            // the first benchmark in a fresh JVM: let the JIT compile the step path first (NORMAL: no fsync to wait for)
            warm.start(StepsWorkflow.class, "warm-up", new StepsWorkflow.Spec(Math.max(50, scale.stepSamples() * 5), 16,
                    false)).result(Engines.RESULT_TIMEOUT);
        }
        try (WorkflowEngine engine = Engines.embedded(dir, "steps-full", true, workflow);
             var raw = RawSqlite.open(dir.resolve("floor-full.db"), true)) {
            engine.start(StepsWorkflow.class, "warm-up", new StepsWorkflow.Spec(block, 16, false))
                    .result(Engines.RESULT_TIMEOUT);
            for (int i = 0; i < block; i++) {
                raw.commitOne("warm-up", i, "\"x\"");
            }
            for (int b = 0; b * block < scale.stepSamples(); b++) {
                for (int i = 0; i < block; i++) {
                    floor.add(raw.commitOne("block-" + b, i, "\"xxxxxxxxxxxxxxxx\""));
                }
                String id = "run-" + b;
                engine.start(StepsWorkflow.class, id, new StepsWorkflow.Spec(block, 16, false))
                        .result(Engines.RESULT_TIMEOUT);
                for (long n : workflow.stepNanos(id)) {
                    steps.add(n);
                }
            }
        }
        Latencies normal = Floor.commits(dir.resolve("floor-normal.db"), false, scale.stepSamples());
        var figures = new ArrayList<Figure>();
        for (int p : new int[] {50, 99}) {
            double ours = steps.percentileMicros(p);
            double base = floor.percentileMicros(p);
            figures.add(new Figure(1, "durable step, sequential, FULL, p" + p, ours, "µs",
                    "raw single-row FULL commit, p" + p, base, "≤ 1.3× floor", ours <= 1.3 * base));
        }
        return new Result(figures, steps, new Floor(floor, normal));
    }
}

package dev.steadfast.engine;

import dev.steadfast.engine.EmbeddedEngine.Synchronous;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;

/**
 * The process {@link PowerLossIT} cuts the power of: opens an engine on {@code args[0]} with
 * synchronous mode {@code args[1]}, starts two runs of many steps, and prints
 * {@code COMMITTED <run> <step>} from workflow code each time a step returns, which is after its
 * record was committed: what the engine acknowledged as durable.
 */
public final class PowerCutChild {
    static final int STEPS = 5_000;

    private PowerCutChild() {}

    /** Steps {@code s1..}, each followed by a line saying it returned. */
    static final class Acknowledging implements Workflow<String, Integer> {
        public Integer run(WorkflowContext ctx, String id) {
            for (int i = 1; i <= STEPS; i++) {
                int n = i;
                ctx.step("s" + n, Integer.class, () -> n);
                System.out.println("COMMITTED " + id + " " + n);
            }
            return STEPS;
        }
    }

    public static void main(String[] args) throws Exception {
        WorkflowEngine engine = EmbeddedEngine.builder().database(Path.of(args[0]))
                .synchronous(Synchronous.valueOf(args[1])).register(new Acknowledging()).build();
        engine.start(Acknowledging.class, "a", "a");
        engine.start(Acknowledging.class, "b", "b");
        Thread.sleep(Long.MAX_VALUE); // until the power goes
    }
}

package dev.steadfast.workflow;

import java.lang.reflect.Type;

/**
 * Durable workflow code: a function from an input to an output whose every contact with the
 * outside world goes through its {@link WorkflowContext} (or an agent, which goes through it too).
 * After a crash the engine runs {@link #run} again from the top; recorded steps return their
 * recorded results, so the code resumes where it stopped.
 *
 * <p>Workflow code must be deterministic: take time, randomness, ids and I/O only from the
 * context. Inputs and outputs are JSON (records work as they are).
 *
 * <pre>{@code
 * public final class Greeter implements Workflow<String, String> {
 *     public String run(WorkflowContext ctx, String name) {
 *         String greeting = ctx.step("greet", String.class, () -> expensiveGreeting(name));
 *         ctx.sleep(Duration.ofHours(1));
 *         return greeting;
 *     }
 * }
 * }</pre>
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public interface Workflow<I, O> {
    /** The workflow's body. Runs on a workflow thread, possibly several times for one run (replay). */
    O run(WorkflowContext ctx, I input);

    /** The workflow type's stable name, stored with each run. Defaults to the class's simple name. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** The input type, for decoding stored inputs. Defaults to {@code I} as declared by the class. */
    default Type inputType() {
        return Types.typeArgument(getClass(), Workflow.class, 0);
    }

    /** The output type, for decoding stored outputs. Defaults to {@code O} as declared by the class. */
    default Type outputType() {
        return Types.typeArgument(getClass(), Workflow.class, 1);
    }
}

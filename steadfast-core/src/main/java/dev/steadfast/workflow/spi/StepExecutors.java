package dev.steadfast.workflow.spi;

import dev.steadfast.workflow.WorkflowContext;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Binds a workflow thread to its context and step executor, so code deep in a call stack (an
 * agent's run loop) finds them. Engines bind; the agent looks up.
 */
public final class StepExecutors {
    private record Binding(WorkflowContext context, StepExecutor executor) {}

    private static final ThreadLocal<Binding> CURRENT = new ThreadLocal<>();

    private StepExecutors() {}

    /** The executor bound to this thread, or empty outside a workflow. */
    public static Optional<StepExecutor> current() {
        Binding b = CURRENT.get();
        return b == null ? Optional.empty() : Optional.of(b.executor());
    }

    /** The workflow context bound to this thread, or empty outside a workflow. */
    public static Optional<WorkflowContext> currentWorkflow() {
        Binding b = CURRENT.get();
        return b == null ? Optional.empty() : Optional.of(b.context());
    }

    /** Runs {@code body} with {@code context} and {@code executor} bound to this thread. */
    public static <T> T callWith(WorkflowContext context, StepExecutor executor, Callable<T> body) throws Exception {
        Binding previous = CURRENT.get();
        CURRENT.set(new Binding(context, executor));
        try {
            return body.call();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }
}

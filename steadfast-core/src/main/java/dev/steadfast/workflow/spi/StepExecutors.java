package dev.steadfast.workflow.spi;

import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Binds a workflow thread to its step executor, so code deep in a call stack (an
 * agent's run loop) finds them. Engines bind; the agent looks up.
 */
public final class StepExecutors {
    private static final ThreadLocal<StepExecutor> CURRENT = new ThreadLocal<>();

    private StepExecutors() {}

    /** The executor bound to this thread, or empty outside a workflow. */
    public static Optional<StepExecutor> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Runs {@code body} with {@code executor} bound to this thread. */
    public static <T> T callWith(StepExecutor executor, Callable<T> body) throws Exception {
        StepExecutor previous = CURRENT.get();
        CURRENT.set(executor);
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

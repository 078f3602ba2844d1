package dev.steadfast.testing;

import dev.steadfast.run.RunInfo;
import dev.steadfast.workflow.WorkflowEngine;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Waiting for a run to reach a state, for tests of any engine.
 *
 * <pre>{@code
 * RunInfo waiting = Runs.await(engine, "req-42", r -> !r.pendingApprovals().isEmpty());
 * }</pre>
 */
public final class Runs {
    /** How long {@link #await(WorkflowEngine, String, Predicate)} waits. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(20);

    private Runs() {}

    /** Polls {@code describe} until {@code condition} holds, for up to {@link #DEFAULT_WAIT}. */
    public static RunInfo await(WorkflowEngine engine, String id, Predicate<RunInfo> condition) {
        return await(engine, id, condition, DEFAULT_WAIT);
    }

    /** Polls {@code describe} every 10 ms until {@code condition} holds; fails with the last state after {@code timeout}. */
    public static RunInfo await(WorkflowEngine engine, String id, Predicate<RunInfo> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RunInfo info = engine.describe(id);
        while (!condition.test(info)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + id + " did not reach the expected state within " + timeout + "; last: " + info);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            info = engine.describe(id);
        }
        return info;
    }
}

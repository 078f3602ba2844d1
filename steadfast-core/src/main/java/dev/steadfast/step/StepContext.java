package dev.steadfast.step;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * What a step body may know about the step it runs in, above all its idempotency key: stable
 * across the attempts of the step and across replays after a crash, so an external system can
 * drop a duplicate of a call that was in flight when the process died.
 *
 * <pre>{@code
 * ctx.step("charge", Receipt.class, () ->
 *         payments.charge(card, amount, StepContext.idempotencyKey()));
 * }</pre>
 *
 * @param workflowId the run's id
 * @param seq the step's position in the run, from 1
 * @param stepName the step's name
 * @param attempt the attempt being made, from 1
 */
public record StepContext(String workflowId, int seq, String stepName, int attempt) {
    private static final ThreadLocal<StepContext> CURRENT = new ThreadLocal<>();

    public StepContext {
        requireNonNull(workflowId, "workflowId");
        requireNonNull(stepName, "stepName");
    }

    /** {@code workflowId + "/" + seq}: the same for every attempt and every replay of this step. */
    public String key() {
        return workflowId + "/" + seq;
    }

    /** The step the current thread is running the body of, or empty outside a step body. */
    public static Optional<StepContext> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * The idempotency key of the step whose body runs on this thread.
     *
     * @throws IllegalStateException outside a step body
     */
    public static String idempotencyKey() {
        StepContext c = CURRENT.get();
        if (c == null) {
            throw new IllegalStateException(
                    "StepContext.idempotencyKey() is only available inside a step body (ctx.step(..., () -> ...))");
        }
        return c.key();
    }

    /** For engines: runs a step body with {@code context} bound to this thread. */
    public static <T> T callWith(StepContext context, Callable<T> body) throws Exception {
        StepContext previous = CURRENT.get();
        CURRENT.set(context);
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

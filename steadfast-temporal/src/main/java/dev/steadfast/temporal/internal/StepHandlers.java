package dev.steadfast.temporal.internal;

import java.util.Optional;

/**
 * Finds the code that performs a step's activity on this worker. Phase 1: {@link StepBodies}, the
 * process-local lambdas. Phase 2 adds a resolver for agent activities by name
 * ({@code <agent>.model}, {@code <agent>.tool.<tool>}) from the agents registered on the worker, so
 * any worker of the task queue can run them; local steps keep using {@link StepBodies}.
 */
public interface StepHandlers {
    /** The body for {@code input}, or empty when this worker cannot run it. */
    Optional<StepBodies.Body> resolve(Wire.StepInput input, boolean local);
}

package dev.steadfast.temporal.internal;

import java.util.Optional;

/**
 * Finds the code that performs a step's activity on this worker: {@link AgentActivities} for agent
 * activities by name ({@code <agent>.model}, {@code <agent>.tool.<tool>}), so any worker of the task
 * queue that registered the agent can run them; {@link StepBodies}, the engine's lambdas, for everything else.
 */
public interface StepHandlers {
    /** The body for {@code input}, or empty when this worker cannot run it. */
    Optional<StepBodies.Body> resolve(Wire.StepInput input, boolean local);
}

package dev.steadfast.observe;

import static java.util.Objects.requireNonNull;

/**
 * A run as observers see it.
 *
 * @param runId the run's id (a durable run's workflow id; a plain run's generated id)
 * @param name the workflow type, or the agent's name for an agent run
 * @param agent whether the run is one agent's run (plain, or an agent started as a workflow of its own)
 * @param durable whether its steps are recorded by an engine
 */
public record ObservedRun(String runId, String name, boolean agent, boolean durable) {
    public ObservedRun {
        requireNonNull(runId, "runId");
        requireNonNull(name, "name");
    }
}

package dev.steadfast.agent;

/**
 * Supplies the dependencies of an agent that an engine runs as a workflow of its own
 * ({@code engine.start(agent, id, prompt)}), registered with the agent on either engine. HTTP clients,
 * database pools and the like come from the process that runs the tool call — on Temporal any worker
 * of the task queue — never from a recorded input. Called with the run's workflow id, so per-run state
 * (a tenant, a user) is looked up by it rather than copied into every step.
 *
 * <pre>{@code
 * EmbeddedEngine.builder().database(path)        // or TemporalEngine.builder().client(client)
 *         .register(support, workflowId -> new SupportDeps(httpClient, tenants.forRun(workflowId)))
 *         .build();
 * }</pre>
 *
 * @param <D> the agent's deps type
 */
@FunctionalInterface
public interface AgentDeps<D> {
    /** The deps for a tool call of run {@code workflowId}. */
    D forRun(String workflowId);
}

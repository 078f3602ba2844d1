package dev.steadfast.temporal;

/**
 * Supplies an agent's dependencies on the worker that runs its tool calls: tool activities may run
 * on any worker of the task queue, so HTTP clients, database pools and the like come from the
 * worker, not from the process that started the run. Called for each tool call with the run's
 * workflow id, so per-run state (a tenant, a user) can be looked up by it rather than copied into
 * every activity input.
 *
 * <pre>{@code
 * TemporalEngine.builder().client(client)
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

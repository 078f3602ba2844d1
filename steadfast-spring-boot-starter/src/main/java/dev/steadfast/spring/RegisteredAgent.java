package dev.steadfast.spring;

import static java.util.Objects.requireNonNull;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentDeps;

/**
 * An agent bean's registration with its {@link AgentDeps}: declare one as a bean when the agent's tools take deps
 * and runs of the agent itself ({@code engine.start(agent, id, prompt)}, or its tool calls on a Temporal worker)
 * must get them from this application. A plain {@code Agent} bean is registered without deps; an agent that appears
 * in a {@code RegisteredAgent} bean is registered once, with its deps.
 *
 * <pre>{@code
 * @Bean
 * RegisteredAgent<SupportDeps> supportAgentDeps(Agent<SupportDeps, Answer> support, HttpClient http) {
 *     return RegisteredAgent.of(support, workflowId -> new SupportDeps(http, workflowId));
 * }
 * }</pre>
 *
 * @param agent the agent
 * @param deps the deps of each tool call, by the run's workflow id
 * @param <D> the agent's deps type
 */
public record RegisteredAgent<D>(Agent<D, ?> agent, AgentDeps<D> deps) {
    public RegisteredAgent {
        requireNonNull(agent, "agent");
        requireNonNull(deps, "deps");
    }

    /** The agent with its deps. */
    public static <D> RegisteredAgent<D> of(Agent<D, ?> agent, AgentDeps<D> deps) {
        return new RegisteredAgent<>(agent, deps);
    }
}

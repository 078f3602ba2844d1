package dev.steadfast.agent.internal;

import dev.steadfast.agent.Agent;
import java.util.function.Function;

/**
 * How engines read an {@link Agent}'s configuration without {@code Agent} showing it publicly.
 * {@code Agent} registers the accessor when its class initialises, which happens before any agent
 * exists to be asked about.
 */
public final class AgentAccess {
    private static volatile Function<Agent<?, ?>, AgentConfig<?, ?>> configOf;

    private AgentAccess() {}

    /** Called once, by {@code Agent}'s static initialiser. */
    public static void register(Function<Agent<?, ?>, AgentConfig<?, ?>> accessor) {
        if (configOf != null) {
            throw new IllegalStateException("the Agent accessor is registered once, by Agent");
        }
        configOf = accessor;
    }

    /** The configuration {@code agent} was built with. */
    @SuppressWarnings("unchecked")
    public static <D, O> AgentConfig<D, O> config(Agent<D, O> agent) {
        return (AgentConfig<D, O>) configOf.apply(agent);
    }
}

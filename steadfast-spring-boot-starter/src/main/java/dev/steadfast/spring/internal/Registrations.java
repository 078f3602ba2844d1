package dev.steadfast.spring.internal;

import dev.steadfast.agent.Agent;
import dev.steadfast.spring.RegisteredAgent;
import dev.steadfast.workflow.Workflow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.ResolvableType;

/**
 * The context's {@link Workflow}, {@link Agent} and {@link RegisteredAgent} beans, collected when the engine opens:
 * what the engine registers. An agent that a {@code RegisteredAgent} names is registered once, with its deps.
 *
 * @param workflows every workflow bean
 * @param agents every agent bean no {@code RegisteredAgent} names
 * @param withDeps every {@code RegisteredAgent} bean
 */
public record Registrations(
        List<Workflow<?, ?>> workflows, List<Agent<?, ?>> agents, List<RegisteredAgent<?>> withDeps) {
    public Registrations {
        workflows = List.copyOf(workflows);
        agents = List.copyOf(agents);
        withDeps = List.copyOf(withDeps);
    }

    /** The beans of {@code beans} (and its ancestors' are not included: one engine per context). */
    public static Registrations collect(ListableBeanFactory beans) {
        List<RegisteredAgent<?>> withDeps = new ArrayList<>();
        Set<Agent<?, ?>> named = Collections.newSetFromMap(new IdentityHashMap<>());
        for (String name : beans.getBeanNamesForType(ResolvableType.forClass(RegisteredAgent.class))) {
            RegisteredAgent<?> r = beans.getBean(name, RegisteredAgent.class);
            withDeps.add(r);
            named.add(r.agent());
        }
        List<Agent<?, ?>> agents = new ArrayList<>();
        for (String name : beans.getBeanNamesForType(ResolvableType.forClass(Agent.class))) {
            Agent<?, ?> a = beans.getBean(name, Agent.class);
            if (!named.contains(a)) {
                agents.add(a);
            }
        }
        List<Workflow<?, ?>> workflows = new ArrayList<>();
        for (String name : beans.getBeanNamesForType(ResolvableType.forClass(Workflow.class))) {
            Workflow<?, ?> w = beans.getBean(name, Workflow.class);
            if (w.getClass().getName().contains("$$")) {
                // a proxy's class is not the workflow's: its default name() and its type for start(Class, ...) would be
                // the proxy's, and a run started before a change of proxying would find no workflow after it
                throw new IllegalStateException("The workflow bean '" + name + "' is a proxy ("
                        + w.getClass().getName()
                        + "). Steadfast registers a workflow by its class and name(), which must be stable across"
                        + " deploys: declare the workflow without aspects or @Transactional on it, and do such work in"
                        + " beans it calls from ctx.step.");
            }
            workflows.add(w);
        }
        return new Registrations(workflows, agents, withDeps);
    }

    /** The names registered, for the log and the console's "start run" form. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        workflows.forEach(w -> out.add(w.name()));
        agents.forEach(a -> out.add(a.name()));
        withDeps.forEach(r -> out.add(r.agent().name()));
        return out;
    }
}

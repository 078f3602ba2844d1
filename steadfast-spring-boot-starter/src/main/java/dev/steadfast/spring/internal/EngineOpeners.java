package dev.steadfast.spring.internal;

import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.spring.EmbeddedEngineCustomizer;
import dev.steadfast.spring.RegisteredAgent;
import dev.steadfast.spring.SteadfastProperties;
import dev.steadfast.workflow.WorkflowEngine;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/** Builds the engine the properties ask for, with the context's registrations and customizers. */
public final class EngineOpeners {
    private static final String TEMPORAL_ENGINE = "dev.steadfast.temporal.TemporalEngine";

    private EngineOpeners() {}

    /** The engine bean: not open until the context starts. {@code classes}: the application's class loader. */
    public static ManagedEngine managed(SteadfastProperties p, ListableBeanFactory beans, ClassLoader classes) {
        if (p.onTemporal()) {
            if (!ClassUtils.isPresent(TEMPORAL_ENGINE, classes)) {
                throw new IllegalStateException(
                        "steadfast.temporal.target is set (" + p.temporal().target() + ") but"
                                + " steadfast-temporal is not on the class path: add the dependency dev.steadfast:steadfast-temporal,"
                                + " or remove steadfast.temporal.target to run on the embedded engine");
            }
            return new ManagedEngine(
                    () -> TemporalOpener.open(p, beans, Registrations.collect(beans)),
                    "Temporal " + p.temporal().target() + " namespace "
                            + p.temporal().namespace() + " task queue "
                            + p.temporal().taskQueue());
        }
        return new ManagedEngine(
                () -> embedded(p, beans, Registrations.collect(beans)),
                p.database().toAbsolutePath().normalize().toString());
    }

    private static WorkflowEngine embedded(SteadfastProperties p, ListableBeanFactory beans, Registrations r) {
        EmbeddedEngine.Builder b =
                EmbeddedEngine.builder().database(p.database()).synchronous(p.synchronous());
        if (p.actor() != null) {
            b.actor(p.actor());
        }
        r.workflows().forEach(b::register);
        r.agents().forEach(b::register);
        r.withDeps().forEach(d -> withDeps(b, d));
        beans.getBeanProvider(EmbeddedEngineCustomizer.class).orderedStream().forEach(c -> c.customize(b));
        return b.build();
    }

    private static <D> void withDeps(EmbeddedEngine.Builder b, RegisteredAgent<D> r) {
        b.register(r.agent(), r.deps());
    }
}

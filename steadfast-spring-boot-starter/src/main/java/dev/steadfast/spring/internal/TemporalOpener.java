package dev.steadfast.spring.internal;

import dev.steadfast.spring.RegisteredAgent;
import dev.steadfast.spring.SteadfastProperties;
import dev.steadfast.spring.TemporalEngineCustomizer;
import dev.steadfast.temporal.TemporalEngine;
import dev.steadfast.workflow.WorkflowEngine;
import org.springframework.beans.factory.ListableBeanFactory;

/** Opens the Temporal engine; its own class, so Temporal's classes load only when the properties ask for Temporal. */
final class TemporalOpener {
    private TemporalOpener() {}

    static WorkflowEngine open(SteadfastProperties p, ListableBeanFactory beans, Registrations r) {
        SteadfastProperties.Temporal t = p.temporal();
        TemporalEngine.Builder b = TemporalEngine.builder()
                .target(t.target())
                .namespace(t.namespace())
                .taskQueue(t.taskQueue())
                .worker(t.worker())
                .tls(t.tls());
        if (t.apiKey() != null && !t.apiKey().isBlank()) {
            b.apiKey(t.apiKey());
        }
        if (t.mtlsCertChain() != null) {
            b.mtls(t.mtlsCertChain(), t.mtlsKey());
        }
        if (p.actor() != null) {
            b.actor(p.actor());
        }
        r.workflows().forEach(b::register);
        r.agents().forEach(b::register);
        r.withDeps().forEach(d -> withDeps(b, d));
        beans.getBeanProvider(TemporalEngineCustomizer.class).orderedStream().forEach(c -> c.customize(b));
        return b.build();
    }

    private static <D> void withDeps(TemporalEngine.Builder b, RegisteredAgent<D> r) {
        b.register(r.agent(), r.deps());
    }
}

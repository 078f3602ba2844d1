package dev.steadfast.spring.internal;

import dev.steadfast.workflow.WorkflowEngine;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The engine's health, as Actuator's {@code steadfast} component: UP while the engine is open and does its work (the
 * embedded engine still owns its file; Temporal answers within the timeout), DOWN otherwise, with why. Details: the
 * engine's kind and location, the owner lock (embedded), waiting runs and undecided approvals.
 */
public final class SteadfastHealthIndicator implements HealthIndicator {
    private final WorkflowEngine engine;
    private final String where;
    private final Duration timeout;

    public SteadfastHealthIndicator(WorkflowEngine engine, Duration timeout) {
        this.engine = engine;
        this.where = engine instanceof ManagedEngine m ? m.where() : null;
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        EngineProbe p = EngineProbe.of(engine, timeout);
        Health.Builder b = p.up() ? Health.up() : Health.down();
        b.withDetail("engine", p.kind());
        if (where != null) {
            b.withDetail("where", where);
        }
        if (p.kind().equals("embedded") && p.open()) {
            b.withDetail("ownerLock", p.problem() == null ? "held" : "lost");
        }
        if (p.kind().equals("temporal") && p.open()) {
            b.withDetail("temporal", p.problem() == null ? "reachable" : "unreachable");
        }
        if (p.up()) {
            b.withDetail("runningRuns", p.running())
                    .withDetail("waitingRuns", p.waiting())
                    .withDetail("pendingApprovals", p.pendingApprovals());
        } else {
            b.withDetail("problem", p.problem());
        }
        return b.build();
    }
}

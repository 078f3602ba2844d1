package dev.steadfast.spring.internal;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The engine's health, as Actuator's {@code steadfast} component: UP while the engine is open and does its work (the
 * embedded engine still owns its file; Temporal answers within the timeout), DOWN otherwise, with why. Details: the
 * engine's kind and location, the owner lock (embedded), waiting runs and undecided approvals.
 */
public final class SteadfastHealthIndicator implements HealthIndicator {
    private final EngineProbes probes;

    public SteadfastHealthIndicator(EngineProbes probes) {
        this.probes = probes;
    }

    @Override
    public Health health() {
        EngineProbe p = probes.probe();
        Health.Builder b = p.up() ? Health.up() : Health.down();
        b.withDetail("engine", p.kind());
        if (probes.where() != null) {
            b.withDetail("where", probes.where());
        }
        if (p.kind().equals("embedded") && p.open()) {
            b.withDetail("ownerLock", p.problem() == null ? "held" : "not held");
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

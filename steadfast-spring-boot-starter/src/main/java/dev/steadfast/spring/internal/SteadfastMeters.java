package dev.steadfast.spring.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.function.ToIntFunction;

/**
 * Gauges of the engine's state, read through its public inspection API at most once per {@code refresh} (a scrape
 * reads every gauge; they share one look): {@code steadfast.runs} tagged {@code status=running|waiting},
 * {@code steadfast.approvals.pending} and {@code steadfast.signals.awaited}. NaN while the engine is closed or does not
 * answer. Per-step work (model requests, tool calls, tokens, cost, durations) is not counted here: a replayed step is
 * not work, and only the engines' observer knows which steps executed; the OpenTelemetry module fills that in.
 */
public final class SteadfastMeters implements MeterBinder {
    private final EngineProbes probes;
    private final long refreshNanos;
    private EngineProbe last;
    private long lastAt;

    public SteadfastMeters(EngineProbes probes, Duration refresh) {
        this.probes = probes;
        this.refreshNanos = refresh.toNanos();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(
                registry,
                "steadfast.runs",
                "Runs by status (counted up to " + EngineProbe.COUNT_LIMIT + ")",
                EngineProbe::running,
                "status",
                "running");
        gauge(
                registry,
                "steadfast.runs",
                "Runs by status (counted up to " + EngineProbe.COUNT_LIMIT + ")",
                EngineProbe::waiting,
                "status",
                "waiting");
        gauge(
                registry,
                "steadfast.approvals.pending",
                "Tool calls waiting for a human's decision",
                EngineProbe::pendingApprovals);
        gauge(
                registry,
                "steadfast.signals.awaited",
                "Waiting runs that wait for a signal",
                EngineProbe::awaitedSignals);
    }

    private void gauge(
            MeterRegistry registry, String name, String description, ToIntFunction<EngineProbe> value, String... tags) {
        Gauge.builder(name, this, m -> {
                    EngineProbe p = m.probe();
                    return p.up() ? value.applyAsInt(p) : Double.NaN;
                })
                .description(description)
                .tags(tags)
                .register(registry);
    }

    private synchronized EngineProbe probe() {
        long now = System.nanoTime();
        if (last == null || now - lastAt >= refreshNanos) {
            last = probes.probe();
            lastAt = now;
        }
        return last;
    }
}

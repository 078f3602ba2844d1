package dev.steadfast.spring.internal;

import dev.steadfast.workflow.WorkflowEngine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Takes {@link EngineProbe}s with a time limit, for the health check and the meters. A look that outlives its limit
 * (Temporal not answering) is not abandoned but joined by the next caller, so a health endpoint polled while Temporal
 * is down holds one waiting thread, not one per request.
 */
public final class EngineProbes {
    private final WorkflowEngine engine;
    private final Duration timeout;
    private CompletableFuture<EngineProbe> inFlight; // guarded by this

    /** Probes of {@code engine} (the starter's is unwrapped), each waiting at most {@code timeout}. */
    public EngineProbes(WorkflowEngine engine, Duration timeout) {
        this.engine = engine;
        this.timeout = timeout;
    }

    /** Where the engine keeps its runs, when the starter made it; else {@code null}. */
    public String where() {
        return engine instanceof ManagedEngine m ? m.where() : null;
    }

    /** A look at the engine now, or why there is none. */
    public EngineProbe probe() {
        WorkflowEngine e = engine instanceof ManagedEngine m ? m.delegate() : engine;
        if (e == null) {
            return new EngineProbe(
                    false, "the engine is not open (the application context is not running)", "none", 0, 0, 0, 0);
        }
        CompletableFuture<EngineProbe> look;
        synchronized (this) {
            if (inFlight == null || inFlight.isDone()) {
                inFlight = CompletableFuture.supplyAsync(
                        () -> EngineProbe.look(e),
                        r -> Thread.ofVirtual().name("steadfast-probe").start(r));
            }
            look = inFlight;
        }
        String kind = EngineProbe.kind(e);
        try {
            return look.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException ex) {
            return EngineProbe.failed(
                    kind,
                    "no answer from the engine within " + timeout
                            + (kind.equals("temporal") ? " (is the Temporal frontend reachable?)" : ""));
        } catch (ExecutionException ex) {
            Throwable cause = ex.getCause() == null ? ex : ex.getCause();
            return EngineProbe.failed(kind, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return EngineProbe.failed(kind, "interrupted while waiting for the engine");
        }
    }
}

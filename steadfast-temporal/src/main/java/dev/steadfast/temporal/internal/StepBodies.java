package dev.steadfast.temporal.internal;

import dev.steadfast.step.StepOptions;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The process-local registry of step bodies: the workflow registers a step's lambda under
 * {@code runId:seq} just before it schedules the activity, and {@link StepActivity} looks it up.
 *
 * <p>Sound for local activities: they always run in the worker that runs the workflow task, also
 * after replay on another worker. Entries are removed with {@code remove(key, body)}, so a stale
 * workflow execution that overlaps a newer one (after a workflow-task timeout) never removes the
 * newer one's entry.
 *
 * <p>Agent (model/tool) activities of agents registered on the worker are resolved by name
 * ({@link AgentActivities}); only steps of unregistered agents fall back to this registry, which another
 * worker does not share.
 */
public final class StepBodies implements StepHandlers {
    /** A registered body and the options that govern its retries. */
    public record Body(Callable<Wire.StepValue> call, StepOptions options) {}

    private static final ConcurrentMap<String, Body> BODIES = new ConcurrentHashMap<>();

    public static String key(String runId, int seq) {
        return runId + ":" + seq;
    }

    public static Body register(String key, Callable<Wire.StepValue> call, StepOptions options) {
        Body body = new Body(call, options);
        BODIES.put(key, body);
        return body;
    }

    public static void unregister(String key, Body body) {
        BODIES.remove(key, body);
    }

    @Override
    public Optional<Body> resolve(Wire.StepInput input, boolean local) {
        return Optional.ofNullable(BODIES.get(input.key()));
    }
}

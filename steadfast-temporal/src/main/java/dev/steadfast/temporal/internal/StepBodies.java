package dev.steadfast.temporal.internal;

import dev.steadfast.observe.StepDetails;
import dev.steadfast.step.StepOptions;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One engine's registry of step bodies: the workflow registers a step's lambda under
 * {@code runId:seq} just before it schedules the activity, and {@link StepActivity} looks it up.
 * Each engine has its own, as each process would: two engines in one JVM behave like two workers.
 *
 * <p>Sound because every activity whose body lives here runs in this engine: local activities run
 * in the worker that runs the workflow task, and the other steps that need a body from here
 * ({@code atMostOnce} steps, calls of agents not registered with the engine) are scheduled on its
 * {@linkplain WorkerSettings#processQueue() own queue}. Entries are removed with
 * {@code remove(key, body)}, so a stale workflow execution that overlaps a newer one (after a
 * workflow-task timeout) never removes the newer one's entry.
 *
 * <p>Agent (model/tool) activities of agents registered on the engine are resolved by name
 * ({@link AgentActivities}) on any worker that registered the agent.
 */
public final class StepBodies implements StepHandlers {
    /** A registered body, the options that govern its retries, and what observers are told of it. */
    public record Body(Callable<Wire.StepValue> call, StepOptions options, StepDetails details) {
        public Body(Callable<Wire.StepValue> call, StepOptions options) {
            this(call, options, StepDetails.NONE);
        }
    }

    private final ConcurrentMap<String, Body> bodies = new ConcurrentHashMap<>();

    public static String key(String runId, int seq) {
        return runId + ":" + seq;
    }

    public Body register(String key, Callable<Wire.StepValue> call, StepOptions options) {
        Body body = new Body(call, options);
        bodies.put(key, body);
        return body;
    }

    public void unregister(String key, Body body) {
        bodies.remove(key, body);
    }

    @Override
    public Optional<Body> resolve(Wire.StepInput input, boolean local) {
        return Optional.ofNullable(bodies.get(input.key()));
    }
}

package dev.steadfast.bench.durable;

import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workflow of the step benchmarks: {@code steps} sequential steps, each returning a string of
 * {@code payloadBytes} characters (so its JSON is two bytes longer), optionally followed by a wait
 * for the signal {@value #REPLAY_SIGNAL} (the long-run benchmark resumes it to time a replay). The
 * time each step call takes in workflow code (execute, encode, commit, hand back) is kept per run,
 * from the run's first execution only.
 *
 * <pre>{@code
 * var wf = new StepsWorkflow(true);
 * engine.start(StepsWorkflow.class, "r1", new StepsWorkflow.Spec(100, 16, false)).result(timeout);
 * long[] nanos = wf.stepNanos("r1");
 * }</pre>
 */
public final class StepsWorkflow implements Workflow<StepsWorkflow.Spec, Integer> {
    /** The signal a run waits for after its steps when {@link Spec#awaitReplay()}. */
    public static final String REPLAY_SIGNAL = "replay";

    /** What a run does. */
    public record Spec(int steps, int payloadBytes, boolean awaitReplay) {}

    private final boolean timed;
    private final Map<String, long[]> stepNanos = new ConcurrentHashMap<>();
    private final Map<String, Long> resumedAt = new ConcurrentHashMap<>();

    /** @param timed whether to keep each step's latency */
    public StepsWorkflow(boolean timed) {
        this.timed = timed;
    }

    @Override
    public Integer run(WorkflowContext ctx, Spec spec) {
        String payload = "x".repeat(spec.payloadBytes());
        long[] nanos = timed ? new long[spec.steps()] : null;
        for (int i = 0; i < spec.steps(); i++) {
            long t0 = System.nanoTime();
            ctx.step("step", String.class, () -> payload);
            if (nanos != null) {
                nanos[i] = System.nanoTime() - t0;
            }
        }
        if (nanos != null) {
            stepNanos.putIfAbsent(ctx.workflowId(), nanos);
        }
        if (spec.awaitReplay()) {
            ctx.awaitSignal(REPLAY_SIGNAL, String.class);
            resumedAt.put(ctx.workflowId(), System.nanoTime());
        }
        return spec.steps();
    }

    /** The latency of each step of run {@code id}'s first execution, in nanoseconds. */
    public long[] stepNanos(String id) {
        long[] n = stepNanos.get(id);
        if (n == null) {
            throw new IllegalStateException("run " + id + " kept no step timings");
        }
        return n;
    }

    /** When run {@code id}'s code passed its wait ({@link System#nanoTime()}), or {@code null}. */
    public Long resumedAt(String id) {
        return resumedAt.get(id);
    }
}

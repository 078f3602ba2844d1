package dev.steadfast.bench.durable;

import dev.steadfast.temporal.TemporalEngine;
import dev.steadfast.workflow.WorkflowEngine;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;

/**
 * Item 3 on Temporal: the 3-step workflow ({@link StepsWorkflow}, {@link StartToResult#THREE_STEPS})
 * on the Temporal engine, beside the same three steps hand-written against Temporal's SDK
 * ({@link HandWrittenTemporal}), all on Temporal's in-process Java test server, one run after
 * another, alternating the sides run by run so load changes hit all alike. Start → result is the
 * client's view: start the workflow, block until its result.
 *
 * <p>The test server skips time when every run waits on a timer, so the engine's 1 ms checkpoint
 * timer after each step costs no wall time here; on a real server it costs a timer and a workflow task.
 */
public final class TemporalStartToResult {
    private static final String STEADFAST_QUEUE = "bench-steadfast";
    private static final String ACTIVITIES_QUEUE = "bench-activities";
    private static final String LOCAL_QUEUE = "bench-local";

    private TemporalStartToResult() {}

    public static List<Figure> run(int runs) {
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
                        .setDataConverter(TemporalEngine.dataConverter()).build())
                .build())) {
            Worker activities = env.newWorker(ACTIVITIES_QUEUE);
            activities.registerWorkflowImplementationTypes(HandWrittenTemporal.WithActivities.class);
            activities.registerActivitiesImplementations(new HandWrittenTemporal.StepActivitiesImpl());
            Worker local = env.newWorker(LOCAL_QUEUE);
            local.registerWorkflowImplementationTypes(HandWrittenTemporal.WithLocalActivities.class);
            local.registerActivitiesImplementations(new HandWrittenTemporal.StepActivitiesImpl());
            env.start();
            WorkflowClient client = env.getWorkflowClient();
            var ours = new Latencies(runs);
            var handWritten = new Latencies(runs);
            var handWrittenLocal = new Latencies(runs);
            try (WorkflowEngine engine = TemporalEngine.builder().client(client).taskQueue(STEADFAST_QUEUE)
                    .register(new StepsWorkflow(false)).build()) {
                int warmUp = Math.min(20, runs);
                for (int i = -warmUp; i < runs; i++) {
                    String id = (i < 0 ? "warm-up" : "run") + Math.abs(i);
                    long t0 = System.nanoTime();
                    engine.start(StepsWorkflow.class, "sf-" + id, StartToResult.THREE_STEPS).result(Engines.RESULT_TIMEOUT);
                    long t1 = System.nanoTime();
                    stub(client, ACTIVITIES_QUEUE, "hw-" + id).run(StartToResult.THREE_STEPS.payloadBytes());
                    long t2 = System.nanoTime();
                    stub(client, LOCAL_QUEUE, "hwl-" + id).run(StartToResult.THREE_STEPS.payloadBytes());
                    long t3 = System.nanoTime();
                    if (i >= 0) {
                        ours.add(t1 - t0);
                        handWritten.add(t2 - t1);
                        handWrittenLocal.add(t3 - t2);
                    }
                }
            }
            double p50 = ours.percentileMicros(50) / 1000;
            double p99 = ours.percentileMicros(99) / 1000;
            double hw50 = handWritten.percentileMicros(50) / 1000;
            return List.of(
                    new Figure(3, "3-step start → result, Temporal engine (test server), p50", p50, "ms",
                            "hand-written Temporal workflow, 3 activities, p50", hw50, "≤ 1.1×", p50 <= 1.1 * hw50),
                    new Figure(3, "3-step start → result, Temporal engine (test server), p99", p99, "ms",
                            "hand-written Temporal workflow, 3 activities, p99", handWritten.percentileMicros(99) / 1000,
                            "", null),
                    new Figure(3, "… the same, p50, against 3 local activities (no checkpoint timers)", p50, "ms",
                            "hand-written Temporal workflow, 3 local activities, p50",
                            handWrittenLocal.percentileMicros(50) / 1000, "", null));
        }
    }

    private static HandWrittenTemporal.ThreeSteps stub(WorkflowClient client, String queue, String id) {
        return client.newWorkflowStub(HandWrittenTemporal.ThreeSteps.class,
                // a bound, as the engine's side has: the test server once lost a run, and the bench then waited forever
                WorkflowOptions.newBuilder().setTaskQueue(queue).setWorkflowId(id)
                        .setWorkflowExecutionTimeout(Engines.RESULT_TIMEOUT).build());
    }
}

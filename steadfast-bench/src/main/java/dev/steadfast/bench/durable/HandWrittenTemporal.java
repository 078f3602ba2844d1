package dev.steadfast.bench.durable;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;

/**
 * The baseline of item 3 on Temporal: the 3-step workflow written by hand against Temporal's SDK,
 * with the same three step bodies as activities (each returns a string of the step payload's
 * length), as ordinary activities (the idiomatic way: each result in history as it completes) and,
 * for reference, as local activities.
 */
public final class HandWrittenTemporal {
    private HandWrittenTemporal() {}

    /** The workflow type: a payload length in, the last step's result out. */
    @WorkflowInterface
    public interface ThreeSteps {
        @WorkflowMethod
        String run(int payloadBytes);
    }

    /** The step bodies. */
    @ActivityInterface
    public interface StepActivities {
        @ActivityMethod(name = "step")
        String step(int payloadBytes);
    }

    public static final class StepActivitiesImpl implements StepActivities {
        @Override
        public String step(int payloadBytes) {
            return "x".repeat(payloadBytes);
        }
    }

    /** Three ordinary activities, one after another. */
    public static final class WithActivities implements ThreeSteps {
        private final StepActivities steps = Workflow.newActivityStub(StepActivities.class,
                ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

        @Override
        public String run(int payloadBytes) {
            String last = null;
            for (int i = 0; i < 3; i++) {
                last = steps.step(payloadBytes);
            }
            return last;
        }
    }

    /** Three local activities, one after another (results reach history when the workflow task completes). */
    public static final class WithLocalActivities implements ThreeSteps {
        private final StepActivities steps = Workflow.newLocalActivityStub(StepActivities.class,
                LocalActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

        @Override
        public String run(int payloadBytes) {
            String last = null;
            for (int i = 0; i < 3; i++) {
                last = steps.step(payloadBytes);
            }
            return last;
        }
    }
}

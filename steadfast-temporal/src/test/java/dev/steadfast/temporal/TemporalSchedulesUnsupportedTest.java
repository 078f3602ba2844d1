package dev.steadfast.temporal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.schedule.Schedule;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Temporal's Java test server has no schedules: the engine says so plainly instead of a gRPC status. */
class TemporalSchedulesUnsupportedTest {
    @RegisterExtension
    static final TemporalTestEnvironment SERVER = new TemporalTestEnvironment();

    public static final class Tick implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String input) {
            return input;
        }
    }

    @Test
    void everyScheduleCallOnTheTestServerNamesWhy() {
        try (WorkflowEngine engine = TemporalTestEnvironment.engine(SERVER.env(), "schedules", new Tick())) {
            Schedule s = Schedule.builder("tick")
                    .workflow("Tick", "x")
                    .every(Duration.ofMinutes(1))
                    .build();
            assertThatThrownBy(() -> engine.schedules().create(s))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("does not implement schedules")
                    .hasMessageContaining("test server");
            assertThatThrownBy(() -> engine.schedules().list()).isInstanceOf(UnsupportedOperationException.class);
        }
    }
}

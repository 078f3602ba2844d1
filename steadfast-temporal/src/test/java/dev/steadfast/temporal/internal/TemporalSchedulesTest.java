package dev.steadfast.temporal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.schedule.CatchUpPolicy;
import dev.steadfast.schedule.OverlapPolicy;
import dev.steadfast.schedule.Schedule;
import dev.steadfast.schedule.ScheduleSpec;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Our schedules as Temporal's (its Java test server has no schedules, so the translation is tested as values). */
class TemporalSchedulesTest {
    record Report(String team) {}

    @Test
    void aCronScheduleBecomesTemporalsSpecActionAndPolicies() {
        Schedule s = Schedule.builder("nightly")
                .workflow("ReportWorkflow", new Report("sales"))
                .cron("0 3 * * MON-FRI", ZoneId.of("Europe/Berlin"))
                .overlap(OverlapPolicy.BUFFER_ONE)
                .catchUp(CatchUpPolicy.RUN_ONCE)
                .jitter(Duration.ofMinutes(2))
                .paused(true)
                .build();
        var t = TemporalSchedules.toTemporal(s, "queue-1");
        assertThat(t.getSpec().getCronExpressions()).containsExactly("0 3 * * MON-FRI");
        assertThat(t.getSpec().getTimeZoneName()).isEqualTo("Europe/Berlin");
        assertThat(t.getSpec().getIntervals()).isNullOrEmpty();
        assertThat(t.getSpec().getJitter()).isEqualTo(Duration.ofMinutes(2));
        var action = (ScheduleActionStartWorkflow) t.getAction();
        assertThat(action.getWorkflowType()).isEqualTo("ReportWorkflow");
        assertThat(action.getOptions().getWorkflowId()).isEqualTo("nightly");
        assertThat(action.getOptions().getTaskQueue()).isEqualTo("queue-1");
        assertThat(action.getArguments().get(0, com.fasterxml.jackson.databind.JsonNode.class))
                .hasToString("{\"team\":\"sales\"}");
        assertThat(t.getPolicy().getOverlap()).isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE);
        assertThat(t.getPolicy().getCatchupWindow()).isEqualTo(Duration.ofDays(1));
        assertThat(t.getState().isPaused()).isTrue();

        Schedule back = TemporalSchedules.fromTemporal("nightly", t);
        assertThat(back.spec()).isEqualTo(s.spec());
        assertThat(back.overlap()).isEqualTo(OverlapPolicy.BUFFER_ONE);
        assertThat(back.catchUp()).isEqualTo(CatchUpPolicy.RUN_ONCE);
        assertThat(back.jitter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(back.paused()).isTrue();
        assertThat(back.workflowType()).isEqualTo("ReportWorkflow");
        assertThat(back.input()).hasToString("{\"team\":\"sales\"}");
    }

    @Test
    void anIntervalScheduleWithEachPolicy() {
        Map<OverlapPolicy, ScheduleOverlapPolicy> overlaps = Map.of(
                OverlapPolicy.SKIP, ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP,
                OverlapPolicy.BUFFER_ONE, ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE,
                OverlapPolicy.ALLOW_ALL, ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL);
        for (var e : overlaps.entrySet()) {
            Schedule s = Schedule.builder("hourly")
                    .workflow("W", 7)
                    .spec(new ScheduleSpec.Interval(Duration.ofHours(1), Duration.ofMinutes(15)))
                    .overlap(e.getKey())
                    .catchUp(CatchUpPolicy.SKIP_MISSED)
                    .build();
            var t = TemporalSchedules.toTemporal(s, "q");
            assertThat(t.getSpec().getIntervals())
                    .containsExactly(new ScheduleIntervalSpec(Duration.ofHours(1), Duration.ofMinutes(15)));
            assertThat(t.getSpec().getCronExpressions()).isNullOrEmpty();
            assertThat(t.getPolicy().getOverlap()).isEqualTo(e.getValue());
            assertThat(t.getPolicy().getCatchupWindow()).isEqualTo(TemporalSchedules.MIN_CATCH_UP);
            assertThat(t.getState().isPaused()).isFalse();
            Schedule back = TemporalSchedules.fromTemporal("hourly", t);
            assertThat(back.spec()).isEqualTo(s.spec());
            assertThat(back.overlap()).isEqualTo(e.getKey());
            assertThat(back.catchUp()).isEqualTo(CatchUpPolicy.SKIP_MISSED);
        }
    }

    @Test
    void runOnceCatchesUpOneIntervalAndNeverLessThanTemporalsMinimum() {
        Schedule hourly = Schedule.builder("h")
                .workflow("W", 1)
                .every(Duration.ofHours(1))
                .build();
        assertThat(TemporalSchedules.catchUpWindow(hourly)).isEqualTo(Duration.ofHours(1));
        Schedule fast = Schedule.builder("f")
                .workflow("W", 1)
                .every(Duration.ofSeconds(2))
                .build();
        assertThat(TemporalSchedules.catchUpWindow(fast)).isEqualTo(TemporalSchedules.MIN_CATCH_UP);
        assertThat(List.of(TemporalSchedules.catchUpWindow(Schedule.builder("c")
                        .workflow("W", 1)
                        .cron("0 * * * *", ZoneId.of("UTC"))
                        .build())))
                .containsExactly(Duration.ofDays(1));
    }
}

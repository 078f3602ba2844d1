package dev.steadfast.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleSpecTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId UTC = ZoneId.of("UTC");

    private static List<Instant> fires(ScheduleSpec spec, String from, int n) {
        var out = new ArrayList<Instant>();
        Instant t = Instant.parse(from);
        for (int i = 0; i < n; i++) {
            t = spec.next(t).orElseThrow();
            out.add(t);
        }
        return out;
    }

    @Test
    void cronFiresOnEveryMatchingMinuteStrictlyAfter() {
        var spec = ScheduleSpec.cron("*/15 9-10 * * *", UTC);
        assertThat(fires(spec, "2026-03-02T09:15:00Z", 4))
                .containsExactly(
                        Instant.parse("2026-03-02T09:30:00Z"),
                        Instant.parse("2026-03-02T09:45:00Z"),
                        Instant.parse("2026-03-02T10:00:00Z"),
                        Instant.parse("2026-03-02T10:15:00Z"));
        assertThat(spec.next(Instant.parse("2026-03-02T10:45:30Z"))).contains(Instant.parse("2026-03-03T09:00:00Z"));
    }

    @Test
    void namedDaysAndMonthsListsAndSundayAsSeven() {
        // 2026-03-06 is a Friday
        assertThat(fires(ScheduleSpec.cron("0 8 * * MON-FRI", UTC), "2026-03-06T08:00:00Z", 2))
                .containsExactly(Instant.parse("2026-03-09T08:00:00Z"), Instant.parse("2026-03-10T08:00:00Z"));
        assertThat(ScheduleSpec.cron("0 0 * * 7", UTC).next(Instant.parse("2026-03-06T00:00:00Z")))
                .contains(Instant.parse("2026-03-08T00:00:00Z"));
        assertThat(fires(ScheduleSpec.cron("0 0 1 jan,jul *", UTC), "2026-03-01T00:00:00Z", 2))
                .containsExactly(Instant.parse("2026-07-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(ScheduleSpec.cron("0 12 29 2 *", UTC).next(Instant.parse("2026-03-01T00:00:00Z")))
                .contains(Instant.parse("2028-02-29T12:00:00Z"));
    }

    @Test
    void springForwardFiresASkippedLocalTimeAsMuchLaterAsTheClockJumped() {
        // Berlin, 2026-03-29: 02:00 CET jumps to 03:00 CEST
        var daily = ScheduleSpec.cron("30 2 * * *", BERLIN);
        assertThat(fires(daily, "2026-03-28T12:00:00Z", 3))
                .containsExactly(
                        Instant.parse("2026-03-29T01:30:00Z"), // 02:30 CET does not exist: 03:30 CEST
                        Instant.parse("2026-03-30T00:30:00Z"), // 02:30 CEST
                        Instant.parse("2026-03-31T00:30:00Z"));
        // hourly at :30 through the gap: 01:30 CET, then 03:30 CEST once (the skipped 02:30 lands on it)
        assertThat(fires(ScheduleSpec.cron("30 * * * *", BERLIN), "2026-03-29T00:00:00Z", 3))
                .containsExactly(
                        Instant.parse("2026-03-29T00:30:00Z"),
                        Instant.parse("2026-03-29T01:30:00Z"),
                        Instant.parse("2026-03-29T02:30:00Z"));
    }

    @Test
    void fallBackFiresATwiceLivedLocalTimeOnce() {
        // Berlin, 2026-10-25: 03:00 CEST falls back to 02:00 CET; 02:30 happens at 00:30Z and 01:30Z
        assertThat(fires(ScheduleSpec.cron("30 2 * * *", BERLIN), "2026-10-24T12:00:00Z", 2))
                .containsExactly(Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-26T01:30:00Z"));
        // asked from inside the second pass of the hour, the next is the next day's
        assertThat(ScheduleSpec.cron("30 2 * * *", BERLIN).next(Instant.parse("2026-10-25T01:10:00Z")))
                .contains(Instant.parse("2026-10-26T01:30:00Z"));
    }

    @Test
    void badExpressionsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> ScheduleSpec.cron("0 3 * *", UTC)).hasMessageContaining("has 4 fields; it needs 5");
        assertThatThrownBy(() -> ScheduleSpec.cron("60 3 * * *", UTC))
                .hasMessageContaining("minute field '60'")
                .hasMessageContaining("between 0 and 59");
        assertThatThrownBy(() -> ScheduleSpec.cron("0 24 * * *", UTC)).hasMessageContaining("hour field");
        assertThatThrownBy(() -> ScheduleSpec.cron("0 3 0 * *", UTC)).hasMessageContaining("day-of-month field");
        assertThatThrownBy(() -> ScheduleSpec.cron("0 3 * FOO *", UTC))
                .hasMessageContaining("month field 'FOO'")
                .hasMessageContaining("JAN");
        assertThatThrownBy(() -> ScheduleSpec.cron("0 3 * * 8", UTC)).hasMessageContaining("day-of-week field");
        assertThatThrownBy(() -> ScheduleSpec.cron("*/0 3 * * *", UTC)).hasMessageContaining("step must be at least 1");
        assertThatThrownBy(() -> ScheduleSpec.cron("0 5-3 * * *", UTC)).hasMessageContaining("runs backwards");
        assertThatThrownBy(() -> ScheduleSpec.cron("0,,5 3 * * *", UTC)).hasMessageContaining("empty item");
        assertThatThrownBy(() -> ScheduleSpec.cron("0 3 30 2 *", UTC)).hasMessageContaining("never fires");
    }

    @Test
    void restrictingBothDayOfMonthAndDayOfWeekIsRefused() {
        assertThatThrownBy(() -> ScheduleSpec.cron("0 3 1 * MON", UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("restricts both day-of-month ('1') and day-of-week ('MON')")
                .hasMessageContaining("Restrict one");
    }

    @Test
    void intervalSlotsAreAlignedToTheEpochWithTheOffset() {
        var quarterPast = new ScheduleSpec.Interval(Duration.ofHours(1), Duration.ofMinutes(15));
        assertThat(fires(quarterPast, "2026-03-02T09:15:00Z", 2))
                .containsExactly(Instant.parse("2026-03-02T10:15:00Z"), Instant.parse("2026-03-02T11:15:00Z"));
        assertThat(ScheduleSpec.every(Duration.ofSeconds(1)).next(Instant.parse("2026-03-02T09:15:00.400Z")))
                .contains(Instant.parse("2026-03-02T09:15:01Z"));
        assertThatThrownBy(() -> ScheduleSpec.every(Duration.ofMillis(500))).hasMessageContaining("at least 1 second");
        assertThatThrownBy(() -> new ScheduleSpec.Interval(Duration.ofMinutes(1), Duration.ofMinutes(1)))
                .hasMessageContaining("offset must be >= 0 and < every");
    }

    @Test
    void jitterStaysInItsBoundsAndIsTheSameForASlot() {
        Schedule s = Schedule.builder("j")
                .workflow("W", null)
                .every(Duration.ofMinutes(10))
                .jitter(Duration.ofSeconds(30))
                .build();
        Instant slot = Instant.parse("2026-03-02T09:00:00Z");
        var seen = new java.util.HashSet<Duration>();
        for (int i = 0; i < 2_000; i++) {
            Duration d = s.jitterFor(slot.plusSeconds(600L * i));
            assertThat(d).isGreaterThanOrEqualTo(Duration.ZERO).isLessThan(Duration.ofSeconds(30));
            seen.add(d);
        }
        assertThat(seen).as("jitter spreads the starts").hasSizeGreaterThan(100);
        assertThat(s.jitterFor(slot)).isEqualTo(s.jitterFor(slot));
        assertThatThrownBy(() -> Schedule.builder("j")
                        .workflow("W", null)
                        .every(Duration.ofMinutes(1))
                        .jitter(Duration.ofMinutes(1))
                        .build())
                .hasMessageContaining("jitter must be shorter than the interval");
    }

    @Test
    void builderNamesWhatIsMissingAndRunIdsNameTheSlot() {
        assertThatThrownBy(
                        () -> Schedule.builder("s").every(Duration.ofMinutes(1)).build())
                .hasMessageContaining("needs a workflow");
        assertThatThrownBy(() -> Schedule.builder("s").workflow("W", 1).build()).hasMessageContaining("needs a spec");
        assertThatThrownBy(() -> Schedule.builder(" ")
                        .workflow("W", 1)
                        .every(Duration.ofMinutes(1))
                        .build())
                .hasMessageContaining("Schedule id must be non-blank");
        Schedule s = Schedule.builder("s")
                .workflow("W", 1)
                .every(Duration.ofMinutes(1))
                .build();
        assertThat(s.overlap()).isEqualTo(OverlapPolicy.SKIP);
        assertThat(s.catchUp()).isEqualTo(CatchUpPolicy.RUN_ONCE);
        assertThat(Schedule.runId("nightly", Instant.parse("2026-03-02T03:00:00Z")))
                .isEqualTo("nightly-2026-03-02T03:00:00Z");
    }
}

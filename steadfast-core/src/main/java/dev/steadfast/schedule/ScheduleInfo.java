package dev.steadfast.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * A schedule as an engine holds it.
 *
 * @param schedule what it starts and when (its input read back as JSON: a {@code JsonNode})
 * @param nextFireAt the next slot it will fire, or {@code null} while paused or when its spec fires no more
 * @param lastSlot the latest slot it handled (started, skipped or buffered), or {@code null} before its first
 * @param recentRuns the ids of the runs it started, newest first (at most {@link #RECENT_RUNS})
 */
public record ScheduleInfo(Schedule schedule, Instant nextFireAt, Instant lastSlot, List<String> recentRuns) {
    /** How many recent runs are listed. */
    public static final int RECENT_RUNS = 10;

    public ScheduleInfo {
        requireNonNull(schedule, "schedule");
        recentRuns = List.copyOf(recentRuns);
    }

    /** The schedule's id. */
    public String id() {
        return schedule.id();
    }
}

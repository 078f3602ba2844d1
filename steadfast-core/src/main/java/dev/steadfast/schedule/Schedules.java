package dev.steadfast.schedule;

import java.util.List;

/**
 * Creates and steers an engine's schedules ({@code engine.schedules()}). Each call is durable: a created
 * schedule fires in whichever process owns the engine's state, also after restarts.
 *
 * <pre>{@code
 * Schedules schedules = engine.schedules();
 * schedules.create(Schedule.builder("nightly-report")
 *         .workflow("ReportWorkflow", new ReportRequest("sales"))
 *         .cron("0 3 * * MON-FRI", ZoneId.of("Europe/Berlin"))
 *         .build());
 * String runId = schedules.trigger("nightly-report");   // one run now, besides the slots
 * schedules.pause("nightly-report");
 * }</pre>
 */
public interface Schedules {
    /**
     * Creates a schedule; its first slot is the first after now.
     *
     * @throws IllegalStateException when a schedule with its id exists (delete it first to change it)
     * @throws IllegalArgumentException when its workflow is unknown to the engine, or its input does not convert
     */
    ScheduleInfo create(Schedule schedule);

    /** Every schedule, by id. */
    List<ScheduleInfo> list();

    /** One schedule. @throws NoSuchScheduleException when there is none */
    ScheduleInfo describe(String scheduleId);

    /** Stops firing; slots that pass while paused are missed (see {@link CatchUpPolicy}). Pausing twice is no error. */
    void pause(String scheduleId);

    /** Fires again from the next slot after now, and catches up on what it missed while paused per its {@link CatchUpPolicy}. */
    void resume(String scheduleId);

    /**
     * Starts one run now, besides the slots (also while paused), with id {@code <scheduleId>-<now>}; the
     * {@link OverlapPolicy} does not apply. Returns the run's id.
     */
    String trigger(String scheduleId);

    /** Deletes the schedule; the runs it started stay. Deleting an unknown schedule is an error. */
    void delete(String scheduleId);
}

/**
 * Schedules: start a workflow on a cron expression or a fixed interval, on either engine.
 * {@link dev.steadfast.schedule.Schedule} says what starts and when, with an
 * {@link dev.steadfast.schedule.OverlapPolicy} for a slot that comes while the previous run still runs
 * and a {@link dev.steadfast.schedule.CatchUpPolicy} for slots that passed while no engine was up;
 * {@link dev.steadfast.schedule.Schedules} (from {@code engine.schedules()}) creates and steers them.
 *
 * <p>A scheduled run's id is {@code <scheduleId>-<slot time>} ({@link dev.steadfast.schedule.Schedule#runId}),
 * so one slot starts at most one run, also across a crash.
 */
package dev.steadfast.schedule;

/**
 * {@link dev.steadfast.testing.schedule.ScheduleContract}: what every engine's schedules promise, as a JUnit 5
 * suite an engine's test extends.
 */
package dev.steadfast.testing.schedule;

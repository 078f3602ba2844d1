package dev.steadfast.schedule;

import dev.steadfast.SteadfastException;

/** No schedule with that id exists in this engine. */
public class NoSuchScheduleException extends SteadfastException {
    /** A schedule {@code scheduleId} was asked for in {@code where} (a database file, a namespace). */
    public NoSuchScheduleException(String scheduleId, String where) {
        super("No schedule '" + scheduleId + "' in " + where + "; `steadfast schedules list` shows those there are.");
    }
}

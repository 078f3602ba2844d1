package dev.steadfast.schedule;

/**
 * What a schedule does with the slots that passed while no engine ran it (the process was down, the
 * schedule was paused). Slots that come while an engine runs it always fire, subject to the
 * {@link OverlapPolicy}.
 */
public enum CatchUpPolicy {
    /** Missed slots start nothing; the schedule goes on with its next slot in the future. */
    SKIP_MISSED,
    /** The latest missed slot starts one run (under its own slot's id); earlier ones start nothing. The default. */
    RUN_ONCE
}

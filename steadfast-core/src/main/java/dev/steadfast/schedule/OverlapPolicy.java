package dev.steadfast.schedule;

/** What a schedule does when a slot comes while the run it started last has not ended. */
public enum OverlapPolicy {
    /** The slot starts nothing. The default. */
    SKIP,
    /** The slot waits and starts when the running run ends; at most one waits, later slots start nothing. */
    BUFFER_ONE,
    /** The slot starts a run anyway: runs of one schedule may overlap. */
    ALLOW_ALL
}

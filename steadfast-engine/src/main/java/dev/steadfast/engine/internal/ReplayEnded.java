package dev.steadfast.engine.internal;

/**
 * Stops a replay check where the run's journal ends (or where an entry is still in flight): from there
 * on the code would run steps and record, which a check never does.
 */
final class ReplayEnded extends Unwind {
    // one shared instance: it carries no stack trace and takes no suppressed exceptions, so it holds no state
    @SuppressWarnings("StaticAssignmentOfThrowable")
    static final ReplayEnded INSTANCE = new ReplayEnded();

    private ReplayEnded() {
        super("the replay reached the end of what the run recorded", null);
    }
}

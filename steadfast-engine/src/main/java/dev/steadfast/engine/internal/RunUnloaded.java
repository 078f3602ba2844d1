package dev.steadfast.engine.internal;

/**
 * Unwinds a workflow thread whose run went to wait for longer than the unload threshold: the
 * thread ends and the run lives on as rows until a signal, timer or decision re-enters it by
 * replay. An {@link Error} so workflow code's {@code catch (Exception e)} does not swallow it.
 */
final class RunUnloaded extends Unwind {
    // one shared instance: it carries no stack trace and takes no suppressed exceptions, so it holds no state
    @SuppressWarnings("StaticAssignmentOfThrowable")
    static final RunUnloaded INSTANCE = new RunUnloaded();

    private RunUnloaded() {
        super("run unloaded while it waits", null);
    }
}

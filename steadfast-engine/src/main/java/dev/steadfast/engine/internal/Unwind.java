package dev.steadfast.engine.internal;

/**
 * What the engine throws through workflow code to stop one execution of a run where it stands,
 * recording nothing: the run unloads, its engine closed, its journal could not be read, or a replay
 * check reached the end of what was recorded. An {@link Error}, so workflow code's
 * {@code catch (Exception e)} does not swallow it; and the one kind of {@code Error} that is not a
 * failure of the code that threw it: every other {@code Error} from a step body or workflow code
 * (an {@code AssertionError}, a {@code StackOverflowError}, an {@code OutOfMemoryError}) is recorded as
 * a failed attempt or a failed run.
 */
abstract class Unwind extends Error {
    Unwind(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}

package dev.steadfast.workflow.spi;

import dev.steadfast.error.StepFailedException;
import dev.steadfast.run.ErrorInfo;
import java.io.PrintWriter;
import java.io.StringWriter;

/** How engines record a failure, the same on every engine. */
public final class Failures {
    /** The most characters of an exception's message an engine records; the rest is cut, and the cut said. */
    public static final int MAX_MESSAGE_CHARS = 8 * 1024;
    /** The most characters of a stack trace an engine records. */
    public static final int MAX_STACK_TRACE_CHARS = 32 * 1024;

    private Failures() {}

    /**
     * The error to record for {@code t}, its stack trace included, each cut to its cap
     * ({@link #MAX_MESSAGE_CHARS}, {@link #MAX_STACK_TRACE_CHARS}): an exception's message is text
     * the engine does not control, and a 20 MB one must not grow the journal by 20 MB per attempt.
     * A {@link StepFailedException} is recorded as the error its step's last attempt threw, so a run
     * that fails on it shows the cause, not the wrapper.
     */
    public static ErrorInfo errorInfo(Throwable t) {
        var w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        String type = t instanceof StepFailedException sf ? sf.errorType() : t.getClass().getName();
        String message = t instanceof StepFailedException sf ? sf.errorMessage() : t.getMessage();
        return new ErrorInfo(type, cap(message, MAX_MESSAGE_CHARS), cap(w.toString(), MAX_STACK_TRACE_CHARS));
    }

    /** {@code text} cut to {@code max} characters (never inside a surrogate pair), saying how much was cut. */
    static String cap(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "… [" + (text.length() - end) + " more characters not recorded]";
    }
}

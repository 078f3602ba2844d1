package dev.steadfast.workflow.spi;

import dev.steadfast.error.StepFailedException;
import dev.steadfast.run.ErrorInfo;
import java.io.PrintWriter;
import java.io.StringWriter;

/** How engines record a failure, the same on every engine. */
public final class Failures {
    private Failures() {}

    /**
     * The error to record for {@code t}, its stack trace included. A {@link StepFailedException} is
     * recorded as the error its step's last attempt threw, so a run that fails on it shows the cause,
     * not the wrapper.
     */
    public static ErrorInfo errorInfo(Throwable t) {
        var w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        String type = t instanceof StepFailedException sf ? sf.errorType() : t.getClass().getName();
        String message = t instanceof StepFailedException sf ? sf.errorMessage() : t.getMessage();
        return new ErrorInfo(type, message, w.toString());
    }
}

package dev.steadfast.opentelemetry.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Records a failure on a span as OpenTelemetry's {@code exception} event, minding that an exception's message is
 * content: a validation error quotes the model's output, a tool's error its arguments. Messages (the failure's and
 * its causes') go on the span only when content capture is on, and then through the redactor, under
 * {@code exception.message}; otherwise the event carries the types and the stack frames, and the status only the type.
 */
final class SpanErrors {
    static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
    static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");
    static final AttributeKey<String> EXCEPTION_STACKTRACE = AttributeKey.stringKey("exception.stacktrace");

    private SpanErrors() {}

    /** Adds the {@code exception} event for {@code error} and sets the span's status to ERROR. */
    static void record(Span span, Throwable error, TelemetryObserver telemetry) {
        String type = error.getClass().getName();
        String message = shown(error, telemetry);
        AttributesBuilder event =
                Attributes.builder().put(EXCEPTION_TYPE, type).put(EXCEPTION_STACKTRACE, stackTrace(error, telemetry));
        if (message != null) {
            event.put(EXCEPTION_MESSAGE, message);
        }
        span.addEvent("exception", event.build());
        span.setStatus(StatusCode.ERROR, message == null ? type : message);
    }

    /** The message of {@code error} as the span may show it, or {@code null}. */
    private static String shown(Throwable error, TelemetryObserver telemetry) {
        return telemetry.captureContent ? telemetry.redact(EXCEPTION_MESSAGE.getKey(), error.getMessage()) : null;
    }

    /** As {@link Throwable#printStackTrace()} writes it, each message only as {@link #shown} allows. */
    private static String stackTrace(Throwable error, TelemetryObserver telemetry) {
        var b = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        String prefix = "";
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            String message = shown(t, telemetry);
            b.append(prefix).append(t.getClass().getName());
            if (message != null) {
                b.append(": ").append(message);
            }
            b.append('\n');
            for (StackTraceElement frame : t.getStackTrace()) {
                b.append("\tat ").append(frame).append('\n');
            }
            prefix = "Caused by: ";
        }
        return b.toString();
    }
}

package dev.steadfast.opentelemetry.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;

/** A span context as a W3C {@code traceparent} ({@code 00-<trace id>-<span id>-<flags>}), and back. */
final class TraceParent {
    private TraceParent() {}

    /** The traceparent of {@code span}, or {@code null} when it is not valid (no SDK installed). */
    static String of(SpanContext span) {
        if (!span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
                + span.getTraceFlags().asHex();
    }

    /** A context whose parent is the remote span {@code traceparent} names; the root context when it names none. */
    static Context parse(String traceparent) {
        if (traceparent == null) {
            return Context.root();
        }
        String[] parts = traceparent.split("-", -1);
        if (parts.length != 4 || parts[0].length() != 2 || parts[3].length() != 2) {
            return Context.root();
        }
        SpanContext parent = SpanContext.createFromRemoteParent(
                parts[1], parts[2], TraceFlags.fromHex(parts[3], 0), TraceState.getDefault());
        return parent.isValid() ? Context.root().with(Span.wrap(parent)) : Context.root();
    }
}

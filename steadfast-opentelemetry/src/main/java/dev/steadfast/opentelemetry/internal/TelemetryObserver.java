package dev.steadfast.opentelemetry.internal;

import static dev.steadfast.opentelemetry.GenAiAttributes.AGENT_NAME;
import static dev.steadfast.opentelemetry.GenAiAttributes.CONVERSATION_ID;
import static dev.steadfast.opentelemetry.GenAiAttributes.OPERATION_NAME;
import static dev.steadfast.opentelemetry.GenAiAttributes.RUN_DURABLE;
import static dev.steadfast.opentelemetry.GenAiAttributes.RUN_ID;

import dev.steadfast.observe.ObservedRun;
import dev.steadfast.observe.RunObservation;
import dev.steadfast.observe.RunObserver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import java.util.function.BinaryOperator;

/**
 * The {@link RunObserver} behind {@code SteadfastTelemetry}: a run's start opens its
 * {@code invoke_agent}/{@code invoke_workflow} span under the caller's current span; a resumed run's
 * attempts are parented on the span context stored with it.
 */
public final class TelemetryObserver implements RunObserver {
    final Tracer tracer;
    final Instruments metrics;
    final boolean captureContent;
    final BinaryOperator<String> redactor;
    /**
     * Whether {@code otel} is the API without an SDK (no tracer or meter provider installed): then nothing is
     * built for any run, so a library that turns telemetry on costs nothing where nobody collects.
     */
    private final boolean off;

    public TelemetryObserver(
            OpenTelemetry otel, String scope, boolean captureContent, BinaryOperator<String> redactor) {
        this.tracer = otel.getTracer(scope);
        this.metrics = new Instruments(otel.getMeter(scope));
        this.captureContent = captureContent;
        this.redactor = redactor;
        this.off = TracerProvider.noop().equals(otel.getTracerProvider())
                && MeterProvider.noop().equals(otel.getMeterProvider());
    }

    @Override
    public RunObservation runStarted(ObservedRun run) {
        if (off) {
            return RunObservation.NOOP;
        }
        String op = run.agent() ? "invoke_agent" : "invoke_workflow";
        Span span = tracer.spanBuilder(op + " " + run.name())
                .setSpanKind(SpanKind.INTERNAL)
                .setParent(Context.current())
                .setAttribute(OPERATION_NAME, op)
                .setAttribute(AGENT_NAME, run.name())
                .setAttribute(RUN_ID, run.runId())
                .setAttribute(CONVERSATION_ID, run.runId())
                .setAttribute(RUN_DURABLE, run.durable())
                .startSpan();
        return new RunSpan(this, run, span, Context.current().with(span));
    }

    @Override
    public RunObservation runResumed(ObservedRun run, String traceContext) {
        if (off) {
            return RunObservation.NOOP;
        }
        Context parent = traceContext == null ? Context.current() : TraceParent.parse(traceContext);
        return new RunSpan(this, run, null, parent);
    }

    static Attributes attributes(ObservedRun run) {
        return Attributes.of(OPERATION_NAME, run.agent() ? "invoke_agent" : "invoke_workflow", AGENT_NAME, run.name());
    }

    /** {@code content} redacted for {@code key}, or {@code null}. */
    String redact(String key, String content) {
        return content == null ? null : redactor.apply(key, content);
    }
}

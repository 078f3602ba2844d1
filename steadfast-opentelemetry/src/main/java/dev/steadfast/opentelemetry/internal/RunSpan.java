package dev.steadfast.opentelemetry.internal;

import static dev.steadfast.opentelemetry.GenAiAttributes.AGENT_NAME;
import static dev.steadfast.opentelemetry.GenAiAttributes.ERROR_TYPE;
import static dev.steadfast.opentelemetry.GenAiAttributes.OPERATION_NAME;
import static dev.steadfast.opentelemetry.GenAiAttributes.PROVIDER_NAME;
import static dev.steadfast.opentelemetry.GenAiAttributes.REQUEST_MODEL;
import static dev.steadfast.opentelemetry.GenAiAttributes.RUN_ID;
import static dev.steadfast.opentelemetry.GenAiAttributes.RUN_STATUS;
import static dev.steadfast.opentelemetry.GenAiAttributes.STEP_ATTEMPT;
import static dev.steadfast.opentelemetry.GenAiAttributes.STEP_KIND;
import static dev.steadfast.opentelemetry.GenAiAttributes.STEP_NAME;
import static dev.steadfast.opentelemetry.GenAiAttributes.TOOL_CALL_ARGUMENTS;
import static dev.steadfast.opentelemetry.GenAiAttributes.TOOL_CALL_ID;
import static dev.steadfast.opentelemetry.GenAiAttributes.TOOL_NAME;
import static dev.steadfast.opentelemetry.GenAiAttributes.TOOL_TYPE;

import dev.steadfast.observe.ObservedRun;
import dev.steadfast.observe.ObservedStep;
import dev.steadfast.observe.RunObservation;
import dev.steadfast.observe.StepDetails;
import dev.steadfast.observe.StepObservation;
import dev.steadfast.opentelemetry.GenAiAttributes;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepKind;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One execution of a run: its own span when this process started the run ({@code null} when it resumed it),
 * and the context its attempts' spans are parented on.
 */
final class RunSpan implements RunObservation {
    private final TelemetryObserver telemetry;
    private final ObservedRun run;
    private final Span span;
    private final Context parent;
    private final AtomicBoolean closed = new AtomicBoolean();

    RunSpan(TelemetryObserver telemetry, ObservedRun run, Span span, Context parent) {
        this.telemetry = telemetry;
        this.run = run;
        this.span = span;
        this.parent = parent;
    }

    @Override
    public String traceContext() {
        return TraceParent.of(Span.fromContext(parent).getSpanContext());
    }

    @Override
    public StepObservation stepStarted(ObservedStep step) {
        StepDetails d = step.details();
        boolean model = step.kind() == StepKind.MODEL;
        boolean tool = step.kind() == StepKind.TOOL && d.tool() != null;
        String op = model ? "chat" : tool ? "execute_tool" : null;
        String name = model
                ? (d.requestModel() == null ? "chat" : "chat " + d.requestModel())
                : tool ? "execute_tool " + d.tool() : step.name();
        SpanBuilder b = telemetry
                .tracer
                .spanBuilder(name)
                .setParent(parent)
                .setSpanKind(model ? SpanKind.CLIENT : SpanKind.INTERNAL)
                .setAttribute(RUN_ID, run.runId())
                .setAttribute(STEP_NAME, step.name())
                .setAttribute(STEP_KIND, AttemptSpan.KINDS.get(step.kind()).get(STEP_KIND))
                .setAttribute(STEP_ATTEMPT, (long) step.attempt());
        if (op != null) {
            b.setAttribute(OPERATION_NAME, op);
        }
        setIfPresent(b, AGENT_NAME, d.agent());
        setIfPresent(b, PROVIDER_NAME, d.provider());
        setIfPresent(b, REQUEST_MODEL, d.requestModel());
        if (tool) {
            b.setAttribute(TOOL_NAME, d.tool()).setAttribute(TOOL_TYPE, "function");
            setIfPresent(b, TOOL_CALL_ID, d.toolCallId());
        }
        if (telemetry.captureContent) {
            if (model && d.messages() != null) {
                setIfPresent(
                        b,
                        GenAiAttributes.INPUT_MESSAGES,
                        telemetry.redact(
                                GenAiAttributes.INPUT_MESSAGES.getKey(),
                                ContentJson.messages(d.messages().get())));
            }
            if (tool && d.arguments() != null) {
                setIfPresent(
                        b,
                        TOOL_CALL_ARGUMENTS,
                        telemetry.redact(
                                TOOL_CALL_ARGUMENTS.getKey(), d.arguments().get()));
            }
        }
        return new AttemptSpan(telemetry, b.startSpan(), step, model);
    }

    private static void setIfPresent(SpanBuilder b, io.opentelemetry.api.common.AttributeKey<String> key, String v) {
        if (v != null) {
            b.setAttribute(key, v);
        }
    }

    @Override
    public void suspended() {
        if (span != null && closed.compareAndSet(false, true)) {
            countStart();
            span.setAttribute(RUN_STATUS, "suspended");
            span.end();
        }
    }

    @Override
    public void ended(RunStatus status, Throwable error) {
        var attributes = TelemetryObserver.attributes(run).toBuilder()
                .put(RUN_STATUS, status.name().toLowerCase(Locale.ROOT));
        if (error != null) {
            attributes.put(ERROR_TYPE, error.getClass().getName());
        }
        telemetry.metrics.runsEnded.add(1, attributes.build());
        if (span != null && closed.compareAndSet(false, true)) {
            countStart();
            span.setAttribute(RUN_STATUS, status.name().toLowerCase(Locale.ROOT));
            if (error != null) {
                SpanErrors.record(span, error, telemetry);
                span.setAttribute(ERROR_TYPE, error.getClass().getName());
            }
            span.end();
        }
    }

    /**
     * A run is counted as started when the span of its start closes: a start that turned out to start nothing
     * (an existing run's id) never closes its span, so it is never counted, nor exported.
     */
    private void countStart() {
        telemetry.metrics.runsStarted.add(1, TelemetryObserver.attributes(run));
    }
}

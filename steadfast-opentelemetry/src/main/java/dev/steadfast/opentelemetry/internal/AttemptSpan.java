package dev.steadfast.opentelemetry.internal;

import static dev.steadfast.opentelemetry.GenAiAttributes.COST_USD;
import static dev.steadfast.opentelemetry.GenAiAttributes.ERROR_TYPE;
import static dev.steadfast.opentelemetry.GenAiAttributes.OPERATION_NAME;
import static dev.steadfast.opentelemetry.GenAiAttributes.OUTPUT_MESSAGES;
import static dev.steadfast.opentelemetry.GenAiAttributes.PROVIDER_NAME;
import static dev.steadfast.opentelemetry.GenAiAttributes.REQUEST_MODEL;
import static dev.steadfast.opentelemetry.GenAiAttributes.RESPONSE_FINISH_REASONS;
import static dev.steadfast.opentelemetry.GenAiAttributes.RESPONSE_MODEL;
import static dev.steadfast.opentelemetry.GenAiAttributes.STEP_KIND;
import static dev.steadfast.opentelemetry.GenAiAttributes.STEP_RETRYING;
import static dev.steadfast.opentelemetry.GenAiAttributes.TOKEN_TYPE;
import static dev.steadfast.opentelemetry.GenAiAttributes.TOOL_CALL_RESULT;
import static dev.steadfast.opentelemetry.GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS;
import static dev.steadfast.opentelemetry.GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS;
import static dev.steadfast.opentelemetry.GenAiAttributes.USAGE_INPUT_TOKENS;
import static dev.steadfast.opentelemetry.GenAiAttributes.USAGE_OUTPUT_TOKENS;
import static dev.steadfast.opentelemetry.GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS;

import dev.steadfast.message.ModelResponse;
import dev.steadfast.observe.ObservedStep;
import dev.steadfast.observe.StepObservation;
import dev.steadfast.run.StepKind;
import dev.steadfast.usage.Usage;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One attempt's span, and the metrics it adds when it ends (exactly once). */
final class AttemptSpan implements StepObservation {
    /** The {@code steadfast.step.kind} attribute of each kind, built once. */
    static final Map<StepKind, Attributes> KINDS = new EnumMap<>(StepKind.class);

    static {
        for (StepKind k : StepKind.values()) {
            KINDS.put(k, Attributes.of(STEP_KIND, k.name().toLowerCase(Locale.ROOT)));
        }
    }

    private final TelemetryObserver telemetry;
    private final Span span;
    private final ObservedStep step;
    private final boolean model;
    private final long startNanos = System.nanoTime();

    AttemptSpan(TelemetryObserver telemetry, Span span, ObservedStep step, boolean model) {
        this.telemetry = telemetry;
        this.span = span;
        this.step = step;
        this.model = model;
    }

    @Override
    public void finished(Object result, Usage usage, BigDecimal cost) {
        String responseModel = null;
        if (result instanceof ModelResponse r) {
            responseModel = r.modelName();
            if (r.modelName() != null) {
                span.setAttribute(RESPONSE_MODEL, r.modelName());
            }
            if (r.finishReason() != null) {
                span.setAttribute(
                        RESPONSE_FINISH_REASONS, List.of(r.finishReason().name().toLowerCase(Locale.ROOT)));
            }
            if (telemetry.captureContent) {
                String out = telemetry.redact(OUTPUT_MESSAGES.getKey(), ContentJson.messages(List.of(r)));
                if (out != null) {
                    span.setAttribute(OUTPUT_MESSAGES, out);
                }
            }
        } else if (telemetry.captureContent && result != null && !model) {
            String out = telemetry.redact(TOOL_CALL_RESULT.getKey(), ContentJson.value(result));
            if (out != null) {
                span.setAttribute(TOOL_CALL_RESULT, out);
            }
        }
        if (model) {
            span.setAttribute(USAGE_INPUT_TOKENS, usage.inputTokens());
            span.setAttribute(USAGE_OUTPUT_TOKENS, usage.outputTokens());
            if (usage.cacheReadTokens() > 0) {
                span.setAttribute(USAGE_CACHE_READ_INPUT_TOKENS, usage.cacheReadTokens());
            }
            if (usage.cacheWriteTokens() > 0) {
                span.setAttribute(USAGE_CACHE_CREATION_INPUT_TOKENS, usage.cacheWriteTokens());
            }
            if (usage.reasoningTokens() > 0) {
                span.setAttribute(USAGE_REASONING_OUTPUT_TOKENS, usage.reasoningTokens());
            }
            AttributesBuilder chat = chatAttributes(responseModel);
            Attributes plain = chat.build();
            telemetry.metrics.tokens.record(
                    usage.inputTokens(), chat.put(TOKEN_TYPE, "input").build());
            telemetry.metrics.tokens.record(
                    usage.outputTokens(), chat.put(TOKEN_TYPE, "output").build());
            telemetry.metrics.duration.record(seconds(), plain);
            if (cost != null && cost.signum() > 0) {
                telemetry.metrics.cost.add(cost.doubleValue(), plain);
            }
        } else if (cost != null && cost.signum() > 0) {
            telemetry.metrics.cost.add(
                    cost.doubleValue(), chatAttributes(responseModel).build());
        }
        if (cost != null && cost.signum() > 0) {
            span.setAttribute(COST_USD, cost.doubleValue());
        }
        telemetry.metrics.steps.add(1, KINDS.get(step.kind()));
        span.end();
    }

    @Override
    public void failed(Throwable error, boolean retrying) {
        String type = error.getClass().getName();
        SpanErrors.record(span, error, telemetry);
        span.setAttribute(ERROR_TYPE, type);
        span.setAttribute(STEP_RETRYING, retrying);
        if (model) {
            telemetry.metrics.duration.record(
                    seconds(), chatAttributes(null).put(ERROR_TYPE, type).build());
        }
        telemetry.metrics.steps.add(
                1, KINDS.get(step.kind()).toBuilder().put(ERROR_TYPE, type).build());
        if (retrying) {
            telemetry.metrics.retries.add(1, KINDS.get(step.kind()));
        }
        span.end();
    }

    private AttributesBuilder chatAttributes(String responseModel) {
        AttributesBuilder b = Attributes.builder().put(OPERATION_NAME, "chat");
        if (step.details().provider() != null) {
            b.put(PROVIDER_NAME, step.details().provider());
        }
        if (step.details().requestModel() != null) {
            b.put(REQUEST_MODEL, step.details().requestModel());
        }
        if (responseModel != null) {
            b.put(RESPONSE_MODEL, responseModel);
        }
        return b;
    }

    private double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}

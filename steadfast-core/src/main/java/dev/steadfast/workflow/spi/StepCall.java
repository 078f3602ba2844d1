package dev.steadfast.workflow.spi;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.observe.StepDetails;
import dev.steadfast.run.StepKind;
import dev.steadfast.step.StepOptions;
import dev.steadfast.step.TypeRef;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * One call to the outside world that an engine may record: its name and kind, its input as JSON
 * (what the history shows and what a remote worker needs to redo it), the type of its result,
 * how it is retried, and the local code that performs it.
 *
 * @param name the step's name ({@code researcher.model}, {@code researcher.tool.search}, {@code embed})
 * @param kind what the step is
 * @param input the step's input as JSON (never {@code null}; use a {@code NullNode} for none)
 * @param resultType the result's type, for decoding a recorded result
 * @param options retry policy, timeout, at-most-once
 * @param body performs the call in this process
 * @param metrics the tokens and cost a result carries (for model steps), recorded with the step
 * @param details what observers are told about a model request or tool call ({@link StepDetails#NONE}: nothing)
 * @param <T> the result type
 */
public record StepCall<T>(
        String name,
        StepKind kind,
        JsonNode input,
        TypeRef<T> resultType,
        StepOptions options,
        Callable<T> body,
        Function<? super T, StepMetrics> metrics,
        StepDetails details) {
    /** A call with no details for observers (a workflow's own step). */
    public StepCall(
            String name,
            StepKind kind,
            JsonNode input,
            TypeRef<T> resultType,
            StepOptions options,
            Callable<T> body,
            Function<? super T, StepMetrics> metrics) {
        this(name, kind, input, resultType, options, body, metrics, StepDetails.NONE);
    }

    /**
     * The input of a {@link StepKind#CHILD} step names the agent its child run runs under this key; an engine
     * gives the child run that type (the step's name when it is missing).
     */
    public static final String CHILD_AGENT = "agent";

    public StepCall {
        requireNonNull(name, "name");
        requireNonNull(kind, "kind");
        requireNonNull(input, "input");
        requireNonNull(resultType, "resultType");
        requireNonNull(options, "options");
        requireNonNull(body, "body");
        metrics = metrics == null ? r -> StepMetrics.NONE : metrics;
        details = details == null ? StepDetails.NONE : details;
    }
}

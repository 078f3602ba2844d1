package dev.steadfast.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * The attribute keys and metric names Steadfast emits: the OpenTelemetry GenAI semantic conventions'
 * ({@code gen_ai.*}, {@code error.type}) and Steadfast's own ({@code steadfast.*}).
 */
public final class GenAiAttributes {
    private GenAiAttributes() {}

    public static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
    public static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
    public static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
    public static final AttributeKey<String> CONVERSATION_ID = AttributeKey.stringKey("gen_ai.conversation.id");
    public static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    public static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    public static final AttributeKey<List<String>> RESPONSE_FINISH_REASONS =
            AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    public static final AttributeKey<Long> USAGE_INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    public static final AttributeKey<Long> USAGE_OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    public static final AttributeKey<Long> USAGE_CACHE_READ_INPUT_TOKENS =
            AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
    public static final AttributeKey<Long> USAGE_CACHE_CREATION_INPUT_TOKENS =
            AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens");
    public static final AttributeKey<Long> USAGE_REASONING_OUTPUT_TOKENS =
            AttributeKey.longKey("gen_ai.usage.reasoning.output_tokens");
    public static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    public static final AttributeKey<String> TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
    public static final AttributeKey<String> TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");
    public static final AttributeKey<String> TOOL_CALL_ARGUMENTS = AttributeKey.stringKey("gen_ai.tool.call.arguments");
    public static final AttributeKey<String> TOOL_CALL_RESULT = AttributeKey.stringKey("gen_ai.tool.call.result");
    public static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
    public static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");
    /** {@code input} or {@code output}, on {@link #TOKEN_USAGE}. */
    public static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");

    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    /** The run's id (a durable run's workflow id). */
    public static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("steadfast.run.id");
    /** How a run ended: {@code completed}, {@code failed}, {@code cancelled}; {@code suspended} when it goes on later. */
    public static final AttributeKey<String> RUN_STATUS = AttributeKey.stringKey("steadfast.run.status");

    public static final AttributeKey<Boolean> RUN_DURABLE = AttributeKey.booleanKey("steadfast.run.durable");
    public static final AttributeKey<String> STEP_NAME = AttributeKey.stringKey("steadfast.step.name");
    /** {@code model}, {@code tool}, {@code step}, {@code compensation}. */
    public static final AttributeKey<String> STEP_KIND = AttributeKey.stringKey("steadfast.step.kind");

    public static final AttributeKey<Long> STEP_ATTEMPT = AttributeKey.longKey("steadfast.step.attempt");
    /** On a failed attempt: whether another attempt follows under the step's retry policy. */
    public static final AttributeKey<Boolean> STEP_RETRYING = AttributeKey.booleanKey("steadfast.step.retrying");
    /** What an attempt cost, in US dollars, from the agent's {@code Pricing}. */
    public static final AttributeKey<Double> COST_USD = AttributeKey.doubleKey("steadfast.cost.usd");

    /** Histogram of tokens per model request, by {@link #TOKEN_TYPE}. */
    public static final String TOKEN_USAGE = "gen_ai.client.token.usage";
    /** Histogram of seconds per model request attempt. */
    public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";

    public static final String RUNS_STARTED = "steadfast.runs.started";
    public static final String RUNS_ENDED = "steadfast.runs.ended";
    public static final String RUNS_WAITING = "steadfast.runs.waiting";
    public static final String STEPS = "steadfast.steps";
    public static final String RETRIES = "steadfast.retries";
    public static final String COST = "steadfast.cost";
}

package dev.steadfast.opentelemetry;

import static dev.steadfast.opentelemetry.GenAiAttributes.AGENT_NAME;
import static dev.steadfast.opentelemetry.GenAiAttributes.COST_USD;
import static dev.steadfast.opentelemetry.GenAiAttributes.ERROR_TYPE;
import static dev.steadfast.opentelemetry.GenAiAttributes.OPERATION_NAME;
import static dev.steadfast.opentelemetry.GenAiAttributes.PROVIDER_NAME;
import static dev.steadfast.opentelemetry.GenAiAttributes.REQUEST_MODEL;
import static dev.steadfast.opentelemetry.GenAiAttributes.RESPONSE_FINISH_REASONS;
import static dev.steadfast.opentelemetry.GenAiAttributes.RESPONSE_MODEL;
import static dev.steadfast.opentelemetry.GenAiAttributes.RUN_DURABLE;
import static dev.steadfast.opentelemetry.GenAiAttributes.STEP_ATTEMPT;
import static dev.steadfast.opentelemetry.GenAiAttributes.STEP_KIND;
import static dev.steadfast.opentelemetry.GenAiAttributes.STEP_RETRYING;
import static dev.steadfast.opentelemetry.GenAiAttributes.TOKEN_TYPE;
import static dev.steadfast.opentelemetry.GenAiAttributes.TOOL_CALL_ID;
import static dev.steadfast.opentelemetry.GenAiAttributes.TOOL_NAME;
import static dev.steadfast.opentelemetry.GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS;
import static dev.steadfast.opentelemetry.GenAiAttributes.USAGE_INPUT_TOKENS;
import static dev.steadfast.opentelemetry.GenAiAttributes.USAGE_OUTPUT_TOKENS;
import static dev.steadfast.opentelemetry.GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a tool-using agent run emits, the same on every executor: span names, kinds, attributes and
 * parenting after the GenAI conventions; the failed-then-retried tool attempt as two spans, one with its
 * error; token, cost and step metrics that add up to what the run's result reports.
 */
abstract class TracingContract {
    Telemetry otel;

    /** Runs {@code agent} to its end as this executor runs it, under id {@code runId}. */
    abstract AgentResult<String> run(Agent<Void, String> agent, String runId) throws Exception;

    abstract boolean durable();

    @BeforeEach
    void installTelemetry() {
        otel = new Telemetry();
    }

    @AfterEach
    void uninstallTelemetry() {
        otel.close();
    }

    @Test
    void aToolUsingRunIsOneTraceOfConventionalSpans() throws Exception {
        var tools = new WeatherAgent.Forecasts();
        AgentResult<String> result = run(WeatherAgent.agent(tools), "weather-1");
        assertThat(result.output()).isEqualTo("Sunny in Oslo.");

        SpanData root = awaitOne("invoke_agent weather");
        assertThat(root.getKind()).isEqualTo(SpanKind.INTERNAL);
        assertThat(root.getAttributes().get(OPERATION_NAME)).isEqualTo("invoke_agent");
        assertThat(root.getAttributes().get(AGENT_NAME)).isEqualTo("weather");
        assertThat(root.getAttributes().get(RUN_DURABLE)).isEqualTo(durable());

        List<SpanData> chats = otel.named("chat " + WeatherAgent.MODEL);
        assertThat(chats).hasSize(2);
        chats = chats.stream()
                .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
                .toList();
        SpanData first = chats.getFirst();
        assertThat(first.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(first.getAttributes().get(OPERATION_NAME)).isEqualTo("chat");
        assertThat(first.getAttributes().get(PROVIDER_NAME)).isEqualTo("custom");
        assertThat(first.getAttributes().get(REQUEST_MODEL)).isEqualTo(WeatherAgent.MODEL);
        assertThat(first.getAttributes().get(RESPONSE_MODEL)).isEqualTo(WeatherAgent.RESPONSE_MODEL);
        assertThat(first.getAttributes().get(RESPONSE_FINISH_REASONS)).containsExactly("tool_calls");
        assertThat(first.getAttributes().get(USAGE_INPUT_TOKENS)).isEqualTo(100L);
        assertThat(first.getAttributes().get(USAGE_OUTPUT_TOKENS)).isEqualTo(20L);
        assertThat(first.getAttributes().get(USAGE_CACHE_READ_INPUT_TOKENS)).isEqualTo(30L);
        assertThat(first.getAttributes().get(USAGE_REASONING_OUTPUT_TOKENS)).isEqualTo(5L);
        assertThat(first.getAttributes().get(AGENT_NAME)).isEqualTo("weather");
        assertThat(chats.getLast().getAttributes().get(RESPONSE_FINISH_REASONS)).containsExactly("stop");

        List<SpanData> tools1 = otel.named("execute_tool forecast").stream()
                .sorted(Comparator.comparingLong(s -> s.getAttributes().get(STEP_ATTEMPT)))
                .toList();
        assertThat(tools1).as("one span per attempt of the tool call").hasSize(2);
        SpanData failed = tools1.getFirst();
        assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(failed.getAttributes().get(ERROR_TYPE)).isEqualTo(IllegalStateException.class.getName());
        assertThat(failed.getAttributes().get(STEP_RETRYING)).isTrue();
        assertThat(failed.getEvents()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("exception"));
        SpanData ok = tools1.getLast();
        assertThat(ok.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
        assertThat(ok.getAttributes().get(STEP_ATTEMPT)).isEqualTo(2L);
        for (SpanData t : tools1) {
            assertThat(t.getKind()).isEqualTo(SpanKind.INTERNAL);
            assertThat(t.getAttributes().get(OPERATION_NAME)).isEqualTo("execute_tool");
            assertThat(t.getAttributes().get(TOOL_NAME)).isEqualTo("forecast");
            assertThat(t.getAttributes().get(TOOL_CALL_ID)).isEqualTo("call-1");
        }

        for (SpanData s : List.of(chats.getFirst(), chats.getLast(), failed, ok)) {
            assertThat(s.getTraceId()).isEqualTo(root.getTraceId());
            assertThat(s.getParentSpanId()).as("parent of %s", s.getName()).isEqualTo(root.getSpanId());
        }
        Set<String> traces = otel.spans().stream().map(SpanData::getTraceId).collect(Collectors.toSet());
        assertThat(traces).containsExactly(root.getTraceId());

        double spanCost =
                chats.stream().mapToDouble(s -> s.getAttributes().get(COST_USD)).sum();
        assertThat(spanCost).isCloseTo(result.cost().doubleValue(), within(1e-12));
        assertThat(result.cost().signum()).isPositive();

        var metrics = otel.metrics();
        assertThat(Telemetry.sum(metrics, GenAiAttributes.TOKEN_USAGE, TOKEN_TYPE, "input"))
                .isEqualTo(250.0);
        assertThat(Telemetry.sum(metrics, GenAiAttributes.TOKEN_USAGE, TOKEN_TYPE, "output"))
                .isEqualTo(30.0);
        assertThat(Telemetry.count(metrics, GenAiAttributes.OPERATION_DURATION, null, null))
                .isEqualTo(2);
        assertThat(Telemetry.sum(metrics, GenAiAttributes.COST, null, null))
                .isCloseTo(result.cost().doubleValue(), within(1e-12));
        assertThat(Telemetry.sum(metrics, GenAiAttributes.STEPS, STEP_KIND, "model"))
                .isEqualTo(2.0);
        assertThat(Telemetry.sum(metrics, GenAiAttributes.STEPS, STEP_KIND, "tool"))
                .isEqualTo(2.0);
        assertThat(Telemetry.sum(metrics, GenAiAttributes.STEPS, ERROR_TYPE, IllegalStateException.class.getName()))
                .isEqualTo(1.0);
        assertThat(Telemetry.sum(metrics, GenAiAttributes.RETRIES, null, null)).isEqualTo(1.0);
        assertThat(Telemetry.sum(metrics, GenAiAttributes.RUNS_STARTED, null, null))
                .isEqualTo(1.0);
        assertThat(Telemetry.sum(metrics, GenAiAttributes.RUNS_ENDED, GenAiAttributes.RUN_STATUS, "completed"))
                .isEqualTo(1.0);
    }

    /** The one span named {@code name}, once it has ended (a run's span ends just after its result is handed back). */
    SpanData awaitOne(String name) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (otel.named(name).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(otel.named(name)).hasSize(1);
        return otel.named(name).getFirst();
    }
}

package dev.steadfast.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.observe.RunObservers;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

class PlainTracingTest extends TracingContract {
    @Override
    AgentResult<String> run(Agent<Void, String> agent, String runId) {
        return agent.run("Weather in Oslo?");
    }

    @Override
    boolean durable() {
        return false;
    }

    @Test
    void aPlainRunJoinsTheTraceItIsCalledIn() throws Exception {
        var tracer = otel.sdk.getTracer("app");
        Span request = tracer.spanBuilder("POST /forecast").startSpan();
        try (Scope ignored = request.makeCurrent()) {
            WeatherAgent.agent(new WeatherAgent.Forecasts()).run("Weather in Oslo?");
        } finally {
            request.end();
        }
        SpanData run = awaitOne("invoke_agent weather");
        assertThat(run.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
        assertThat(run.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
    }

    @Test
    void nothingIsObservedOnceUninstalled() {
        RunObservers.uninstall();
        WeatherAgent.agent(new WeatherAgent.Forecasts()).run("Weather in Oslo?");
        assertThat(otel.spans()).isEmpty();
    }

    @Test
    void onTheApiWithoutAnSdkNoRunIsObserved() {
        var observer = SteadfastTelemetry.builder(io.opentelemetry.api.OpenTelemetry.noop())
                .build();
        assertThat(observer.runStarted(new dev.steadfast.observe.ObservedRun("r", "a", true, false))
                        .observes())
                .isFalse();
        assertThat(observer.runResumed(new dev.steadfast.observe.ObservedRun("r", "a", true, true), null)
                        .observes())
                .isFalse();
    }
}

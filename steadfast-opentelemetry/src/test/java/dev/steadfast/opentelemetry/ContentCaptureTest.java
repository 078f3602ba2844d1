package dev.steadfast.opentelemetry;

import static dev.steadfast.opentelemetry.GenAiAttributes.INPUT_MESSAGES;
import static dev.steadfast.opentelemetry.GenAiAttributes.OUTPUT_MESSAGES;
import static dev.steadfast.opentelemetry.GenAiAttributes.RUNS_WAITING;
import static dev.steadfast.opentelemetry.GenAiAttributes.TOOL_CALL_ARGUMENTS;
import static dev.steadfast.opentelemetry.GenAiAttributes.TOOL_CALL_RESULT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.message.Messages;
import dev.steadfast.run.RunStatus;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Message content only on opt-in, through the redactor; and the waiting-runs gauge. */
class ContentCaptureTest {
    @TempDir
    Path dir;

    @Test
    void contentIsRecordedOnlyWhenOptedInAndAlwaysThroughTheRedactor() throws Exception {
        try (var otel = new Telemetry()) {
            WeatherAgent.agent(new WeatherAgent.Forecasts()).run("Weather in Oslo?");
            assertThat(otel.spans()).isNotEmpty().allSatisfy(s -> {
                assertThat(s.getAttributes().get(INPUT_MESSAGES)).isNull();
                assertThat(s.getAttributes().get(OUTPUT_MESSAGES)).isNull();
                assertThat(s.getAttributes().get(TOOL_CALL_ARGUMENTS)).isNull();
                assertThat(s.getAttributes().get(TOOL_CALL_RESULT)).isNull();
            });
        }
        try (var otel = new Telemetry(true, (key, json) -> json.replace("Oslo", "[city]"))) {
            WeatherAgent.agent(new WeatherAgent.Forecasts()).run("Weather in Oslo?");
            SpanData first = otel.named("chat " + WeatherAgent.MODEL).stream()
                    .filter(s -> s.getAttributes().get(INPUT_MESSAGES).contains("\"user\""))
                    .min((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()))
                    .orElseThrow();
            JsonNode input = Messages.mapper().readTree(first.getAttributes().get(INPUT_MESSAGES));
            assertThat(input.get(0).get("role").asText()).isEqualTo("user");
            assertThat(input.get(0).get("parts").get(0).get("content").asText()).isEqualTo("Weather in [city]?");
            JsonNode output = Messages.mapper().readTree(first.getAttributes().get(OUTPUT_MESSAGES));
            JsonNode call = output.get(0).get("parts").get(0);
            assertThat(call.get("type").asText()).isEqualTo("tool_call");
            assertThat(call.get("name").asText()).isEqualTo("forecast");
            assertThat(call.get("arguments").get("city").asText()).isEqualTo("[city]");
            assertThat(output.get(0).get("finish_reason").asText()).isEqualTo("tool_calls");
            SpanData tool = otel.named("execute_tool forecast").stream()
                    .filter(s -> s.getAttributes().get(TOOL_CALL_RESULT) != null)
                    .findFirst()
                    .orElseThrow();
            assertThat(tool.getAttributes().get(TOOL_CALL_ARGUMENTS)).isEqualTo("{\"city\":\"[city]\"}");
            assertThat(tool.getAttributes().get(TOOL_CALL_RESULT)).contains("sunny in [city]");
            assertThat(otel.spans())
                    .allSatisfy(s -> assertThat(text(s.getAttributes())).doesNotContain("Oslo"));
        }
    }

    /** A tool whose first failure names the city it was asked about: content, in an exception's message. */
    static final class Telling {
        final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

        @dev.steadfast.agent.Tool(
                value = "The forecast for a city",
                retry = @dev.steadfast.agent.Retry(maxAttempts = 3, initialInterval = "10ms"))
        String forecast(String city) {
            if (calls.getAndIncrement() == 0) {
                throw new IllegalStateException("no forecast for " + city);
            }
            return "sunny";
        }
    }

    /** The weather agent's model (it asks for Oslo's forecast), with {@link Telling} as its tool. */
    private static dev.steadfast.agent.Agent<Void, String> telling() {
        return dev.steadfast.agent.Agent.builder()
                .name("weather")
                .model(WeatherAgent.agent(new WeatherAgent.Forecasts()).model())
                .tools(new Telling())
                .build();
    }

    /** Every attribute as {@code key=value} (the SDK's own views of the values print no values). */
    static String text(io.opentelemetry.api.common.Attributes a) {
        return a.asMap().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .toList()
                .toString();
    }

    /** A span's attributes, status and events, as text. */
    private static String everything(SpanData s) {
        return text(s.getAttributes()) + " " + s.getStatus().getDescription() + " "
                + s.getEvents().stream()
                        .map(e -> e.getName() + text(e.getAttributes()))
                        .toList();
    }

    @Test
    void anExceptionsMessageIsContentToo() throws Exception {
        try (var otel = new Telemetry()) {
            telling().run("Weather in Oslo?");
            SpanData failed = otel.named("execute_tool forecast").stream()
                    .filter(s -> !s.getEvents().isEmpty())
                    .findFirst()
                    .orElseThrow();
            assertThat(failed.getEvents().getFirst().getName()).isEqualTo("exception");
            assertThat(text(failed.getEvents().getFirst().getAttributes()))
                    .contains("IllegalStateException", "Telling.forecast"); // type and frames, still
            assertThat(otel.spans()).allSatisfy(s -> assertThat(everything(s)).doesNotContain("Oslo"));
        }
        try (var otel = new Telemetry(true, (key, text) -> text.replace("Oslo", "[city]"))) {
            telling().run("Weather in Oslo?");
            SpanData failed = otel.named("execute_tool forecast").stream()
                    .filter(s -> !s.getEvents().isEmpty())
                    .findFirst()
                    .orElseThrow();
            assertThat(failed.getStatus().getDescription()).isEqualTo("no forecast for [city]");
            assertThat(otel.spans()).allSatisfy(s -> assertThat(everything(s)).doesNotContain("Oslo"));
        }
    }

    /** Waits for a signal, forever. */
    public static final class Waiting implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String input) {
            return ctx.awaitSignal("go", String.class);
        }
    }

    @Test
    void theGaugeCountsTheRunsAnOpenEngineHasWaiting() throws Exception {
        try (var otel = new Telemetry();
                WorkflowEngine engine = EmbeddedEngine.builder()
                        .database(dir.resolve("w.db"))
                        .register(new Waiting())
                        .unloadAfter(Duration.ofMillis(1))
                        .build()) {
            engine.start(Waiting.class, "w1", "x");
            engine.start(Waiting.class, "w2", "x");
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!(engine.describe("w1").status() == RunStatus.WAITING
                            && engine.describe("w2").status() == RunStatus.WAITING)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(Telemetry.sum(otel.metrics(), RUNS_WAITING, null, null)).isEqualTo(2.0);
            engine.signal("w1", "go", "now");
            assertThat(engine.handle("w1", String.class).result(Duration.ofSeconds(30)))
                    .isEqualTo("now");
            assertThat(Telemetry.sum(otel.metrics(), RUNS_WAITING, null, null)).isEqualTo(1.0);
        }
    }
}

package dev.steadfast.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.observe.RunObservers;
import dev.steadfast.workflow.WorkflowEngine;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector path: the SDK's OTLP exporter (http/protobuf, batch processor) sends a durable run's spans to a
 * receiver this test runs, which decodes the wire messages as a collector would; the tree and the GenAI
 * attributes arrive as the in-memory exporter sees them.
 */
class OtlpCollectorTest {
    private final List<ExportTraceServiceRequest> received = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private HttpServer collector;

    @TempDir
    Path dir;

    @BeforeEach
    void startCollector() throws Exception {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            try (exchange) {
                contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
                received.add(ExportTraceServiceRequest.parseFrom(
                        exchange.getRequestBody().readAllBytes()));
                byte[] ok = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, ok.length);
                exchange.getResponseBody().write(ok);
            }
        });
        collector.start();
    }

    @AfterEach
    void stopCollector() {
        RunObservers.uninstall();
        collector.stop(0);
    }

    @Test
    void aDurableRunsSpansReachACollectorOverOtlpWithTheirTreeAndAttributes() throws Exception {
        var exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces")
                .build();
        var sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
                        .build())
                .build();
        AgentResult<String> result;
        try (sdk) {
            SteadfastTelemetry.install(sdk);
            var agent = WeatherAgent.agent(new WeatherAgent.Forecasts());
            try (WorkflowEngine engine = EmbeddedEngine.builder()
                    .database(dir.resolve("runs.db"))
                    .register(agent)
                    .build()) {
                result = engine.start(agent, "otlp-run", "Weather in Oslo?").result(Duration.ofSeconds(60));
            }
            assertThat(sdk.getSdkTracerProvider()
                            .forceFlush()
                            .join(30, TimeUnit.SECONDS)
                            .isSuccess())
                    .isTrue();
        }
        assertThat(result.output()).isEqualTo("Sunny in Oslo.");
        assertThat(contentTypes).isNotEmpty().allSatisfy(t -> assertThat(t).isEqualTo("application/x-protobuf"));

        List<Span> spans = received.stream()
                .flatMap(r -> r.getResourceSpansList().stream())
                .flatMap(r -> r.getScopeSpansList().stream())
                .filter(s -> s.getScope().getName().equals(SteadfastTelemetry.INSTRUMENTATION_NAME))
                .flatMap(s -> s.getSpansList().stream())
                .toList();
        assertThat(spans)
                .extracting(Span::getName)
                .containsExactlyInAnyOrder(
                        "invoke_agent weather",
                        "chat gpt-test",
                        "chat gpt-test",
                        "execute_tool forecast",
                        "execute_tool forecast");
        Span root = spans.stream()
                .filter(s -> s.getName().startsWith("invoke_agent"))
                .findFirst()
                .orElseThrow();
        assertThat(root.getParentSpanId().isEmpty()).isTrue();
        assertThat(root.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
        for (Span s : spans) {
            assertThat(s.getTraceId()).isEqualTo(root.getTraceId());
            if (s != root) {
                assertThat(s.getParentSpanId()).as(s.getName()).isEqualTo(root.getSpanId());
            }
        }

        Span chat = spans.stream()
                .filter(s -> s.getName().startsWith("chat")
                        && attributes(s)
                                .get("gen_ai.response.finish_reasons")
                                .getArrayValue()
                                .getValues(0)
                                .getStringValue()
                                .equals("tool_calls"))
                .findFirst()
                .orElseThrow();
        Map<String, AnyValue> a = attributes(chat);
        assertThat(chat.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(a.get("gen_ai.operation.name").getStringValue()).isEqualTo("chat");
        assertThat(a.get("gen_ai.provider.name").getStringValue()).isEqualTo("custom");
        assertThat(a.get("gen_ai.request.model").getStringValue()).isEqualTo(WeatherAgent.MODEL);
        assertThat(a.get("gen_ai.response.model").getStringValue()).isEqualTo(WeatherAgent.RESPONSE_MODEL);
        assertThat(a.get("gen_ai.usage.input_tokens").getIntValue()).isEqualTo(100);
        assertThat(a.get("gen_ai.usage.output_tokens").getIntValue()).isEqualTo(20);
        assertThat(a.get("gen_ai.usage.cache_read.input_tokens").getIntValue()).isEqualTo(30);
        assertThat(a.get("gen_ai.usage.reasoning.output_tokens").getIntValue()).isEqualTo(5);
        assertThat(a.get("steadfast.cost.usd").getDoubleValue()).isPositive();

        List<Span> tools = spans.stream()
                .filter(s -> s.getName().startsWith("execute_tool"))
                .toList();
        assertThat(tools)
                .extracting(s -> s.getStatus().getCode())
                .containsExactlyInAnyOrder(Status.StatusCode.STATUS_CODE_ERROR, Status.StatusCode.STATUS_CODE_UNSET);
        Span failed = tools.stream()
                .filter(s -> s.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR)
                .findFirst()
                .orElseThrow();
        assertThat(attributes(failed).get("error.type").getStringValue())
                .isEqualTo(IllegalStateException.class.getName());
        assertThat(failed.getEventsList())
                .anySatisfy(e -> assertThat(e.getName()).isEqualTo("exception"));
        assertThat(attributes(failed).get("gen_ai.tool.call.id").getStringValue())
                .isEqualTo("call-1");
    }

    private static Map<String, AnyValue> attributes(Span s) {
        return s.getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
    }
}

package dev.steadfast.examples.telemetry;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.examples.research.OfflineResearchModel;
import dev.steadfast.examples.research.ResearchAgent;
import dev.steadfast.examples.research.Summary;
import dev.steadfast.observe.RunObservers;
import dev.steadfast.opentelemetry.SteadfastTelemetry;
import dev.steadfast.workflow.WorkflowEngine;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Turns on OpenTelemetry for a durable agent run and sends its trace and metrics to an OTLP collector
 * (http/protobuf; {@code http://localhost:4318} unless an endpoint is given). The application owns the SDK;
 * Steadfast only needs it installed once:
 *
 * <pre>{@code
 * OpenTelemetrySdk sdk = ...;                 // exporters, resource, sampling: the application's choice
 * SteadfastTelemetry.install(sdk);            // every agent run and every engine of this process
 * }</pre>
 *
 * Run: {@code java -cp … dev.steadfast.examples.telemetry.OtelExample [http://collector:4318]}; open the
 * printed run in Jaeger or Grafana Tempo to see {@code invoke_agent researcher} with its {@code chat} and
 * {@code execute_tool} spans, tokens and cost.
 */
public final class OtelExample {
    private OtelExample() {}

    public static void main(String[] args) throws Exception {
        String endpoint = args.length > 0 ? args[0] : "http://localhost:4318";
        AgentResult<Summary> result =
                run(endpoint, Files.createTempDirectory("steadfast-otel").resolve("runs.db"));
        System.out.println("title: " + result.output().title() + ", tokens: "
                + result.usage().totalTokens() + ", cost: $" + result.cost().toPlainString() + " — trace exported to "
                + endpoint);
    }

    /** Runs the research agent durably with telemetry exported to {@code endpoint}, and flushes it. */
    public static AgentResult<Summary> run(String endpoint, Path database) {
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .setResource(Resource.getDefault()
                                .merge(Resource.create(Attributes.builder()
                                        .put("service.name", "steadfast-otel-example")
                                        .build())))
                        .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
                                        .setEndpoint(endpoint + "/v1/traces")
                                        .build())
                                .build())
                        .build())
                .setMeterProvider(SdkMeterProvider.builder()
                        .registerMetricReader(PeriodicMetricReader.builder(OtlpHttpMetricExporter.builder()
                                        .setEndpoint(endpoint + "/v1/metrics")
                                        .build())
                                .setInterval(Duration.ofSeconds(10))
                                .build())
                        .build())
                .build();
        try (sdk) {
            SteadfastTelemetry.install(sdk);
            Agent<Void, Summary> agent = ResearchAgent.create(OfflineResearchModel.create());
            try (WorkflowEngine engine =
                    EmbeddedEngine.builder().database(database).register(agent).build()) {
                return engine.start(agent, "research-" + UUID.randomUUID(), "durable execution")
                        .result(Duration.ofMinutes(1));
            } finally {
                RunObservers.uninstall();
                sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
                sdk.getSdkMeterProvider().forceFlush().join(10, TimeUnit.SECONDS);
            }
        }
    }
}

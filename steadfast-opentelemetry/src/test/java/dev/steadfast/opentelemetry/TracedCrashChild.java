package dev.steadfast.opentelemetry;

import static dev.steadfast.opentelemetry.GenAiAttributes.COST;
import static dev.steadfast.opentelemetry.GenAiAttributes.STEPS;
import static dev.steadfast.opentelemetry.GenAiAttributes.TOKEN_TYPE;
import static dev.steadfast.opentelemetry.GenAiAttributes.TOKEN_USAGE;

import dev.steadfast.agent.Agent;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.workflow.WorkflowEngine;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.util.Collection;

/**
 * The process the traced crash test kills: starts {@link TracedAgent}'s run with telemetry exporting each
 * span to a file as it ends; when the run is held inside {@code slow}, prints its cumulative metrics
 * ({@code METRICS <input tokens> <output tokens> <cost> <steps>}) and {@code HELD}, and waits for SIGKILL.
 * Args: database, span file, hold file.
 */
public final class TracedCrashChild {
    private TracedCrashChild() {}

    public static void main(String[] args) throws Exception {
        var metrics = InMemoryMetricReader.create();
        var sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(new SpanLine.FileExporter(Path.of(args[1]))))
                        .build())
                .setMeterProvider(
                        SdkMeterProvider.builder().registerMetricReader(metrics).build())
                .build();
        SteadfastTelemetry.install(sdk);
        Agent<Void, String> agent = TracedAgent.create(Path.of(args[2]), () -> {
            Collection<MetricData> all = metrics.collectAllMetrics();
            System.out.println("METRICS " + Telemetry.sum(all, TOKEN_USAGE, TOKEN_TYPE, "input") + " "
                    + Telemetry.sum(all, TOKEN_USAGE, TOKEN_TYPE, "output") + " " + Telemetry.sum(all, COST, null, null)
                    + " " + Telemetry.sum(all, STEPS, null, null));
            System.out.println("HELD");
            System.out.flush();
        });
        WorkflowEngine engine = EmbeddedEngine.builder()
                .database(Path.of(args[0]))
                .register(agent)
                .build();
        engine.start(agent, TracedCrashIT.RUN_ID, "go");
        Thread.sleep(Long.MAX_VALUE);
    }
}

package dev.steadfast.opentelemetry;

import dev.steadfast.observe.RunObservers;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Collection;
import java.util.List;

/** An SDK with in-memory exporters, installed as Steadfast's telemetry for one test. */
final class Telemetry implements AutoCloseable {
    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    final OpenTelemetrySdk sdk;

    Telemetry(boolean captureContent, ContentRedactor redactor) {
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(spans))
                        .build())
                .setMeterProvider(
                        SdkMeterProvider.builder().registerMetricReader(metrics).build())
                .build();
        SteadfastTelemetry.builder(sdk)
                .captureContent(captureContent)
                .redactor(redactor)
                .install();
    }

    Telemetry() {
        this(false, ContentRedactor.NONE);
    }

    List<SpanData> spans() {
        return spans.getFinishedSpanItems();
    }

    List<SpanData> named(String name) {
        return spans().stream().filter(s -> s.getName().equals(name)).toList();
    }

    Collection<MetricData> metrics() {
        return metrics.collectAllMetrics();
    }

    /** The sum of a counter (long or double) over all its points whose {@code key} is {@code value} (any when null). */
    static double sum(Collection<MetricData> all, String name, AttributeKey<String> key, String value) {
        double sum = 0;
        for (MetricData m : all) {
            if (!m.getName().equals(name)) {
                continue;
            }
            for (var p : m.getData().getPoints()) {
                if (key != null && !value.equals(p.getAttributes().get(key))) {
                    continue;
                }
                sum += switch (p) {
                    case io.opentelemetry.sdk.metrics.data.LongPointData l -> l.getValue();
                    case io.opentelemetry.sdk.metrics.data.DoublePointData d -> d.getValue();
                    case HistogramPointData h -> h.getSum();
                    default -> 0;
                };
            }
        }
        return sum;
    }

    /** How many values a histogram recorded over its points whose {@code key} is {@code value}. */
    static long count(Collection<MetricData> all, String name, AttributeKey<String> key, String value) {
        long n = 0;
        for (MetricData m : all) {
            if (m.getName().equals(name)) {
                for (var p : m.getHistogramData().getPoints()) {
                    if (key == null || value.equals(p.getAttributes().get(key))) {
                        n += p.getCount();
                    }
                }
            }
        }
        return n;
    }

    @Override
    public void close() {
        RunObservers.uninstall();
        sdk.close();
    }
}

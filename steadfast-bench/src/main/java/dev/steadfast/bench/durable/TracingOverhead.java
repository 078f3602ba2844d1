package dev.steadfast.bench.durable;

import dev.steadfast.agent.Agent;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.observe.RunObservers;
import dev.steadfast.opentelemetry.SteadfastTelemetry;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.WorkflowEngine;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Issue 22, item 5: what Steadfast's OpenTelemetry costs. Tracing on means {@code steadfast-opentelemetry}
 * installed on an SDK with a batch span processor, a periodic metric reader and exporters that drop what they
 * get (so the figure is ours and the SDK's, not a network's); off means no observer installed. Both are
 * measured in the same JVM in alternating blocks, so a change in the machine's load hits both alike:
 *
 * <ul>
 *   <li>a durable step ({@code ctx.step} on the embedded engine, FULL and NORMAL), from its call in workflow
 *       code to its recorded result (target ≤ 1.1× untraced);
 *   <li>a plain agent turn (one model request answered in text by an in-process model), with no observer,
 *       with our observer on {@code OpenTelemetry.noop()} (an API without SDK: target ≤ +1 µs), and traced.
 * </ul>
 *
 * Writes its section into BENCHMARKS.md (replacing its previous one):
 *
 * <pre>{@code java -cp … dev.steadfast.bench.durable.TracingOverhead [--out BENCHMARKS.md] [--rounds 10]}</pre>
 */
public final class TracingOverhead {
    public static final String HEADING = "## Tracing overhead (issue 22, item 5)";
    private static final int STEPS_PER_BLOCK = 1000;
    private static final int TURNS_PER_BLOCK = 50_000;

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private TracingOverhead() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of("BENCHMARKS.md");
        int rounds = 10;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        OpenTelemetrySdk sdk = sdk();
        Path dir = Files.createTempDirectory("steadfast-tracing-bench");
        var rows = new ArrayList<String>();
        for (boolean full : new boolean[] {true, false}) {
            double[][] p = durable(dir, full, rounds, sdk);
            String sync = full ? "FULL" : "NORMAL";
            rows.add(row(
                    "durable step, " + sync + ", process CPU per step", p[1][2], "µs", "untraced", p[0][2], "≤ 1.1×"));
            rows.add(row("durable step, " + sync + ", wall p50", p[1][0], "µs", "untraced, p50", p[0][0], "–"));
            rows.add(row("durable step, " + sync + ", wall p99", p[1][1], "µs", "untraced, p99", p[0][1], "–"));
        }
        double[] turn = plain(rounds, sdk);
        rows.add(row(
                "plain agent turn, observer on OpenTelemetry.noop() (no SDK), CPU of its thread",
                turn[1],
                "µs",
                "no observer",
                turn[0],
                String.format(Locale.ROOT, "≤ +1 µs (measured %+.3f µs)", turn[1] - turn[0])));
        rows.add(row(
                "plain agent turn, traced (SDK, batch processor), CPU of its thread",
                turn[2],
                "µs",
                "no observer",
                turn[0],
                "–"));
        sdk.close();
        String section = section(rows, rounds);
        System.out.println(section);
        String md = Files.exists(out) ? Files.readString(out) : "# Benchmarks\n";
        Files.writeString(out, replaceSection(md, section));
    }

    /** p50 and p99 (µs) of step latency, untraced [0] and traced [1]. */
    private static double[][] durable(Path dir, boolean full, int rounds, OpenTelemetrySdk sdk) {
        var workflow = new StepsWorkflow(true);
        var off = new Latencies(rounds * STEPS_PER_BLOCK);
        var on = new Latencies(rounds * STEPS_PER_BLOCK);
        long[] cpu = new long[2];
        try (WorkflowEngine engine = Engines.embedded(dir, "tracing-" + full, full, workflow)) {
            for (int r = -2; r < rounds; r++) { // two warm-up rounds
                for (boolean traced : new boolean[] {false, true}) {
                    install(traced ? sdk : null);
                    String id = "r" + r + "-" + traced;
                    long cpuStart = processCpuNanos();
                    engine.start(StepsWorkflow.class, id, new StepsWorkflow.Spec(STEPS_PER_BLOCK, 16, false))
                            .result(Engines.RESULT_TIMEOUT);
                    if (r >= 0) {
                        cpu[traced ? 1 : 0] += processCpuNanos() - cpuStart;
                        for (long n : workflow.stepNanos(id)) {
                            (traced ? on : off).add(n);
                        }
                    }
                }
            }
        } finally {
            RunObservers.uninstall();
        }
        double steps = (double) rounds * STEPS_PER_BLOCK;
        return new double[][] {
            {off.percentileMicros(50), off.percentileMicros(99), cpu[0] / 1000.0 / steps},
            {on.percentileMicros(50), on.percentileMicros(99), cpu[1] / 1000.0 / steps}
        };
    }

    /** Median CPU µs of the calling thread per plain turn over the rounds: no observer [0], observer without SDK [1], traced [2]. */
    private static double[] plain(int rounds, OpenTelemetrySdk sdk) {
        Agent<Void, String> agent = Agent.builder()
                .name("bench")
                .model(new FunctionModel("bench-model", (m, p) -> ModelResponse.of(TextPart.of("ok"))))
                .build();
        OpenTelemetry[] modes = {null, OpenTelemetry.noop(), sdk};
        double[][] perRound = new double[3][rounds];
        for (int r = -3; r < rounds; r++) {
            for (int mode = 0; mode < 3; mode++) {
                install(modes[mode]);
                long start = THREADS.getCurrentThreadCpuTime();
                for (int i = 0; i < TURNS_PER_BLOCK; i++) {
                    agent.run("hi");
                }
                long nanos = THREADS.getCurrentThreadCpuTime() - start;
                if (r >= 0) {
                    perRound[mode][r] = nanos / 1000.0 / TURNS_PER_BLOCK;
                }
            }
        }
        RunObservers.uninstall();
        return new double[] {median(perRound[0]), median(perRound[1]), median(perRound[2])};
    }

    private static void install(OpenTelemetry otel) {
        if (otel == null) {
            RunObservers.uninstall();
        } else {
            SteadfastTelemetry.install(otel);
        }
    }

    /**
     * CPU time of this whole process (every thread: the run's, the writer's, the batch processor's, GC and JIT), so
     * the figure is what tracing costs us, not what other processes on a loaded machine take from the wall clock.
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static OpenTelemetrySdk sdk() {
        SpanExporter spans = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> batch) {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        MetricExporter metrics = new MetricExporter() {
            @Override
            public AggregationTemporality getAggregationTemporality(InstrumentType type) {
                return AggregationTemporality.CUMULATIVE;
            }

            @Override
            public MemoryMode getMemoryMode() {
                return MemoryMode.REUSABLE_DATA;
            }

            @Override
            public CompletableResultCode export(Collection<MetricData> batch) {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        return OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(BatchSpanProcessor.builder(spans).build())
                        .build())
                .setMeterProvider(SdkMeterProvider.builder()
                        .registerMetricReader(PeriodicMetricReader.create(metrics))
                        .build())
                .build();
    }

    private static String row(String what, double ours, String unit, String baselineName, double base, String target) {
        return String.format(
                Locale.ROOT,
                "| %s | %.3f %s | %s | %.3f %s | %.2f× | %s |",
                what,
                ours,
                unit,
                baselineName,
                base,
                unit,
                ours / base,
                target);
    }

    private static String section(List<String> rows, int rounds) {
        return HEADING + "\n\nWritten by `dev.steadfast.bench.durable.TracingOverhead` (" + rounds
                + " alternating rounds;"
                + " durable: " + STEPS_PER_BLOCK + " steps per round and mode, plain: " + TURNS_PER_BLOCK
                + " turns per round and mode). CPU, so that load from other processes does not count: a durable step's is the whole process's CPU time over all rounds per step (run, writer, batch export, GC, JIT); a plain turn's is the calling thread's CPU time per turn, median of rounds (the batch processor's export thread is not in it). Traced = `steadfast-opentelemetry` on the SDK with a"
                + " batch span processor, a periodic metric reader and exporters that drop everything.\n\n"
                + "| figure | measured | baseline (same run) | baseline | ratio | target |\n"
                + "| --- | ---: | --- | ---: | ---: | --- |\n" + String.join("\n", rows) + "\n";
    }

    /** {@code md} with {@code section} in place of the one under the same heading, or appended. */
    static String replaceSection(String md, String section) {
        int start = md.indexOf(HEADING);
        if (start < 0) {
            return md.stripTrailing() + "\n\n" + section;
        }
        int next = md.indexOf("\n## ", start + HEADING.length());
        return md.substring(0, start) + section + (next < 0 ? "" : md.substring(next));
    }
}

package dev.steadfast.opentelemetry.internal;

import static dev.steadfast.opentelemetry.GenAiAttributes.COST;
import static dev.steadfast.opentelemetry.GenAiAttributes.OPERATION_DURATION;
import static dev.steadfast.opentelemetry.GenAiAttributes.RETRIES;
import static dev.steadfast.opentelemetry.GenAiAttributes.RUNS_ENDED;
import static dev.steadfast.opentelemetry.GenAiAttributes.RUNS_STARTED;
import static dev.steadfast.opentelemetry.GenAiAttributes.RUNS_WAITING;
import static dev.steadfast.opentelemetry.GenAiAttributes.STEPS;
import static dev.steadfast.opentelemetry.GenAiAttributes.TOKEN_USAGE;

import dev.steadfast.observe.RunObservers;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import java.util.List;

/** The metrics, created once per observer. Bucket boundaries are the ones the GenAI conventions advise. */
final class Instruments {
    private static final List<Long> TOKEN_BUCKETS = List.of(
            1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L, 1048576L, 4194304L, 16777216L, 67108864L);
    private static final List<Double> SECONDS_BUCKETS =
            List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);

    final LongHistogram tokens;
    final DoubleHistogram duration;
    final LongCounter runsStarted;
    final LongCounter runsEnded;
    final LongCounter steps;
    final LongCounter retries;
    final DoubleCounter cost;

    Instruments(Meter meter) {
        tokens = meter.histogramBuilder(TOKEN_USAGE)
                .ofLongs()
                .setUnit("{token}")
                .setDescription("Number of input and output tokens used per model request")
                .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS)
                .build();
        duration = meter.histogramBuilder(OPERATION_DURATION)
                .setUnit("s")
                .setDescription("Duration of each model request attempt")
                .setExplicitBucketBoundariesAdvice(SECONDS_BUCKETS)
                .build();
        runsStarted = meter.counterBuilder(RUNS_STARTED)
                .setUnit("{run}")
                .setDescription("Runs started (a durable run counts once, however often it resumes)")
                .build();
        runsEnded = meter.counterBuilder(RUNS_ENDED)
                .setUnit("{run}")
                .setDescription("Runs ended, by steadfast.run.status")
                .build();
        steps = meter.counterBuilder(STEPS)
                .setUnit("{attempt}")
                .setDescription("Step attempts executed (never a replayed step), failed ones with error.type")
                .build();
        retries = meter.counterBuilder(RETRIES)
                .setUnit("{attempt}")
                .setDescription("Failed step attempts that another attempt follows")
                .build();
        cost = meter.counterBuilder(COST)
                .ofDoubles()
                .setUnit("USD")
                .setDescription("What model requests cost, from the agents' pricing")
                .build();
        meter.gaugeBuilder(RUNS_WAITING)
                .ofLongs()
                .setUnit("{run}")
                .setDescription("Durable runs waiting for a signal, a timer or an approval in this process's engines")
                .buildWithCallback(m -> m.record(RunObservers.waitingRuns()));
    }
}

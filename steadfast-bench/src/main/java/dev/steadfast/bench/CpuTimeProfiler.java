package dev.steadfast.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler reporting the CPU time of the benchmark's own threads per operation
 * ({@value #LABEL}, µs/op). On a machine shared with other work, wall-clock time per operation also
 * counts the time the benchmark thread waited for a core; its CPU time does not, so it stays
 * comparable between benchmarks measured minutes apart under a changing load. Only JMH's worker
 * threads count: the JIT compiler's and the collector's threads do not (allocation is reported by
 * {@code -prof gc} as bytes instead).
 *
 * <pre>{@code
 * new OptionsBuilder().include(...).addProfiler(CpuTimeProfiler.class)
 * }</pre>
 */
public final class CpuTimeProfiler implements InternalProfiler {
    /** The secondary result's label. */
    public static final String LABEL = "cpu.time.norm";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private Map<Long, Long> start = Map.of();

    /** Created by JMH. */
    public CpuTimeProfiler() {}

    @Override
    public String getDescription() {
        return "CPU time of the benchmark threads per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        start = workerCpuNanos();
    }

    @Override
    @SuppressWarnings("rawtypes") // the JMH interface is raw
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                        IterationResult result) {
        long nanos = 0;
        for (var e : workerCpuNanos().entrySet()) {
            nanos += e.getValue() - start.getOrDefault(e.getKey(), 0L); // a worker started in this iteration counts whole
        }
        long ops = result.getMetadata().getAllOps();
        double micros = ops == 0 || nanos == 0 ? Double.NaN : nanos / 1000.0 / ops;
        return List.of(new ScalarResult(LABEL, micros, "us/op", AggregationPolicy.AVG));
    }

    private Map<Long, Long> workerCpuNanos() {
        var cpu = new HashMap<Long, Long>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("jmh-worker")) {
                long nanos = threads.getThreadCpuTime(info.getThreadId());
                if (nanos >= 0) {
                    cpu.put(info.getThreadId(), nanos);
                }
            }
        }
        return cpu;
    }
}

package dev.steadfast.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler reporting the benchmark JVM's CPU time per operation ({@value #LABEL}, µs/op):
 * process CPU time, so it includes the garbage collector's work, over the operations of the
 * iteration. On a machine shared with other work, wall-clock time per operation also counts the
 * time the benchmark thread waited for a core; CPU time does not, so it stays comparable between
 * benchmarks measured minutes apart under a changing load.
 *
 * <pre>{@code
 * new OptionsBuilder().include(...).addProfiler(CpuTimeProfiler.class)
 * }</pre>
 */
public final class CpuTimeProfiler implements InternalProfiler {
    /** The secondary result's label. */
    public static final String LABEL = "cpu.time.norm";

    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long startNanos;

    /** Created by JMH. */
    public CpuTimeProfiler() {}

    @Override
    public String getDescription() {
        return "process CPU time per operation (includes GC threads)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        startNanos = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                        IterationResult result) {
        long nanos = os.getProcessCpuTime() - startNanos;
        long ops = result.getMetadata().getAllOps();
        double micros = ops == 0 ? Double.NaN : nanos / 1000.0 / ops;
        return List.of(new ScalarResult(LABEL, micros, "us/op", AggregationPolicy.AVG));
    }
}

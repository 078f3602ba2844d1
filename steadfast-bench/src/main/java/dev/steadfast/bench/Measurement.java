package dev.steadfast.bench;

/**
 * One benchmark's result, as the report needs it.
 *
 * @param benchmark the benchmark method's name ({@code steadfastText})
 * @param toolCalls the run's tool calls ({@link AgentTurnBenchmark#toolCalls})
 * @param micros the mean time per operation (one run), in microseconds
 * @param microsError JMH's 99.9% confidence half-width of {@code micros}, or NaN with too few iterations
 * @param cpuMicros process CPU time per operation ({@link CpuTimeProfiler}), in microseconds, or NaN without it
 * @param bytes bytes allocated per operation ({@code gc.alloc.rate.norm}), or NaN without {@code -prof gc}
 */
public record Measurement(String benchmark, int toolCalls, double micros, double microsError, double cpuMicros,
                          double bytes) {
    /** Turns per run: the tool-call turns and the final one. */
    public int turns() {
        return toolCalls + 1;
    }
}

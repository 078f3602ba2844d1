package dev.steadfast.bench.durable;

import java.util.Arrays;

/**
 * Latency samples in nanoseconds, summarised as percentiles in milliseconds or microseconds. Not
 * thread-safe: one recorder per measuring thread, or {@link #merge} afterwards.
 *
 * <pre>{@code
 * var l = new Latencies(1000);
 * long t0 = System.nanoTime(); work(); l.add(System.nanoTime() - t0);
 * double p99 = l.percentileMicros(99);
 * }</pre>
 */
public final class Latencies {
    private long[] samples;
    private int size;
    private boolean sorted;

    public Latencies(int capacity) {
        samples = new long[Math.max(16, capacity)];
    }

    /** Adds one sample of {@code nanos}. */
    public void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
        sorted = false;
    }

    /** Adds every sample of {@code other}. */
    public void merge(Latencies other) {
        for (int i = 0; i < other.size; i++) {
            add(other.samples[i]);
        }
    }

    public int count() {
        return size;
    }

    /** The {@code p}-th percentile (nearest rank), in microseconds; NaN without samples. */
    public double percentileMicros(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        if (!sorted) {
            Arrays.sort(samples, 0, size);
            sorted = true;
        }
        int rank = (int) Math.ceil(p / 100.0 * size);
        return samples[Math.min(size - 1, Math.max(0, rank - 1))] / 1_000.0;
    }

    /** The mean, in microseconds; NaN without samples. */
    public double meanMicros() {
        if (size == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += samples[i];
        }
        return sum / size / 1_000.0;
    }
}

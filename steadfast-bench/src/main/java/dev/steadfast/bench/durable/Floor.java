package dev.steadfast.bench.durable;

import java.nio.file.Path;

/**
 * The raw commit floor in µs: one autocommitted single-row insert ({@link RawSqlite#commitOne}),
 * measured in the same run as the figures compared with it.
 *
 * @param full {@code synchronous=FULL} (fsync per commit)
 * @param normal {@code synchronous=NORMAL} (no fsync per commit in WAL mode)
 */
public record Floor(Latencies full, Latencies normal) {
    /** Measures {@code samples} commits of each kind in {@code dir}, after a short warm-up. */
    public static Floor measure(Path dir, int samples) {
        return new Floor(commits(dir.resolve("floor-full.db"), true, samples),
                commits(dir.resolve("floor-normal.db"), false, samples));
    }

    static Latencies commits(Path file, boolean full, int samples) {
        var l = new Latencies(samples);
        try (var raw = RawSqlite.open(file, full)) {
            String prefix = "f" + System.nanoTime() + "-";
            for (int i = 0; i < Math.min(samples, 50); i++) {
                raw.commitOne(prefix + "w", i, "\"x\"");
            }
            for (int i = 0; i < samples; i++) {
                l.add(raw.commitOne(prefix, i, "\"xxxxxxxxxxxxxxxx\""));
            }
        }
        return l;
    }
}

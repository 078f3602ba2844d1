package dev.steadfast.engine.internal;

import dev.steadfast.SteadfastException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Large journal payloads stored compressed. The {@code input}, {@code output} and {@code error}
 * columns of {@code steps} hold a value's JSON as TEXT, or, when its UTF-8 is at least
 * {@value #MIN_BYTES} bytes and deflating saves at least an eighth of it, as a BLOB holding a zlib
 * stream of that UTF-8 (schema version 3 on). Rows that fill a page instead of a third of one is
 * what keeps a 1 KB step near 1 KB of file; small values stay TEXT because deflate's header and
 * checksum would cost more than they save. Every read of those columns goes through {@link #json}.
 *
 * <p>Deflaters and inflaters hold native memory and are costly to create, so a few are pooled
 * for the whole process and reused; one beyond the pool's size is ended after its use.
 */
final class PayloadCompression {
    /** Below this many bytes of UTF-8, a value is stored as text. */
    static final int MIN_BYTES = 256;
    /** Fastest: a 1 KB message takes ~10 µs to deflate, and higher levels shrink it only a few percent more. */
    private static final int LEVEL = Deflater.BEST_SPEED;
    private static final int POOL = 8;

    private static final BlockingQueue<Deflater> DEFLATERS = new ArrayBlockingQueue<>(POOL);
    private static final BlockingQueue<Inflater> INFLATERS = new ArrayBlockingQueue<>(POOL);

    private PayloadCompression() {}

    /** What to store for {@code json}: the text itself, or its deflated UTF-8 when that is worth it. */
    static Object stored(String json) {
        if (json == null || json.length() * 3 < MIN_BYTES) { // a char is at most 3 bytes of UTF-8
            return json;
        }
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        if (utf8.length < MIN_BYTES) {
            return json;
        }
        byte[] deflated = deflate(utf8, utf8.length - utf8.length / 8);
        return deflated == null ? json : deflated;
    }

    /** The JSON text in column {@code column} of the current row, inflated when stored compressed. */
    static String json(ResultSet rs, int column) throws SQLException {
        Object v = rs.getObject(column);
        return v instanceof byte[] z ? inflate(z) : (String) v;
    }

    /** {@code utf8} deflated, or {@code null} when that takes more than {@code limit} bytes. */
    private static byte[] deflate(byte[] utf8, int limit) {
        Deflater d = DEFLATERS.poll();
        if (d == null) {
            d = new Deflater(LEVEL);
        }
        try {
            d.setInput(utf8);
            d.finish();
            byte[] out = new byte[limit];
            int n = 0;
            while (!d.finished() && n < limit) {
                n += d.deflate(out, n, limit - n);
            }
            return d.finished() ? Arrays.copyOf(out, n) : null;
        } finally {
            d.reset();
            if (!DEFLATERS.offer(d)) {
                d.end();
            }
        }
    }

    static String inflate(byte[] z) {
        Inflater inf = INFLATERS.poll();
        if (inf == null) {
            inf = new Inflater();
        }
        try {
            inf.setInput(z);
            byte[] out = new byte[Math.max(MIN_BYTES, z.length * 4)];
            int n = 0;
            while (!inf.finished()) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                int got = inf.inflate(out, n, out.length - n);
                if (got == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw new DataFormatException("the stream ends early");
                }
                n += got;
            }
            return new String(out, 0, n, StandardCharsets.UTF_8);
        } catch (DataFormatException e) {
            throw new SteadfastException("A compressed payload in the journal is corrupt (" + e.getMessage()
                    + "); the database file was damaged or written by something other than Steadfast.", e);
        } finally {
            inf.reset();
            if (!INFLATERS.offer(inf)) {
                inf.end();
            }
        }
    }
}

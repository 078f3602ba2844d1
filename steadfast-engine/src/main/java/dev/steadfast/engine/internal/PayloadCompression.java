package dev.steadfast.engine.internal;

import dev.steadfast.SteadfastException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Large journal payloads stored compressed. The {@code input}, {@code output} and {@code error}
 * columns of {@code steps} hold a value's JSON as TEXT, or, when its UTF-8 is at least
 * {@value #MIN_BYTES} bytes and compressing saves at least an eighth of it, as a BLOB (schema
 * version 3 on). SQLite's 4 KB pages hold only three rows of a 1 KB step; compressed rows fill
 * them, which is what keeps the file near the size of the payloads (see BENCHMARKS.md, findings
 * referenced from code: journal layout). Every read of those columns goes through {@link #json}.
 *
 * <p>The BLOB is a format byte ({@value #LZ4}: an {@link Lz4Block LZ4 block}), the length of the
 * UTF-8 as an unsigned LEB128 varint, then the block. LZ4 was chosen over zlib for speed: replay
 * decompresses every large result it meets, and every large step pays the compression; for a
 * kilobyte of JSON text it is faster both ways. Having no entropy coding, it shrinks text less,
 * and random base64 not at all, which therefore stays TEXT (both measured: see BENCHMARKS.md,
 * findings referenced from code: LZ4 against zlib). Small values stay TEXT too: below
 * {@value #MIN_BYTES} bytes there are too few repeats to save much.
 */
final class PayloadCompression {
    /** Below this many bytes of UTF-8, a value is stored as text. */
    static final int MIN_BYTES = 256;
    /** The format byte of an LZ4 block. */
    static final int LZ4 = 1;

    private PayloadCompression() {}

    /** What to store for {@code json}: the text itself, or its compressed UTF-8 when that is worth it. */
    static Object stored(String json) {
        if (json == null || json.length() * 3 < MIN_BYTES) { // a char is at most 3 bytes of UTF-8
            return json;
        }
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        if (utf8.length < MIN_BYTES) {
            return json;
        }
        int header = 1 + varintSize(utf8.length);
        byte[] block = new byte[utf8.length - utf8.length / 8 - header];
        int n = Lz4Block.compress(utf8, block);
        if (n < 0) {
            return json;
        }
        byte[] blob = new byte[header + n];
        blob[0] = LZ4;
        writeVarint(utf8.length, blob, 1);
        System.arraycopy(block, 0, blob, header, n);
        return blob;
    }

    /** The JSON text in column {@code column} of the current row, decompressed when stored compressed. */
    static String json(ResultSet rs, int column) throws SQLException {
        Object v = rs.getObject(column);
        return v instanceof byte[] blob ? decompress(blob) : (String) v;
    }

    /** The JSON text of a BLOB that {@link #stored} made; a {@link SteadfastException} when it is corrupt. */
    static String decompress(byte[] blob) {
        if (blob.length == 0 || blob[0] != LZ4) {
            throw corrupt(blob.length == 0 ? "it is empty" : "unknown format " + (blob[0] & 0xFF), null);
        }
        int length = 0;
        int at = 1;
        for (int shift = 0; ; shift += 7) {
            if (at == blob.length) {
                throw corrupt("its length is cut off", null);
            }
            int b = blob[at++];
            if (shift == 28 && (b & 0xF8) != 0) { // a fifth byte holds only the int's top 3 bits
                throw corrupt("its length is over 2 GiB", null);
            }
            length |= (b & 0x7F) << shift;
            if (b >= 0) {
                break;
            }
        }
        int blockLength = blob.length - at;
        // an LZ4 block decodes to at most 255 bytes per byte: a longer claim is damage, not data,
        // and is refused before anything that size is allocated
        if (length > 255L * blockLength) {
            throw corrupt("it claims " + length + " bytes from a block of " + blockLength, null);
        }
        byte[] utf8 = new byte[length];
        try {
            Lz4Block.decompress(blob, at, blockLength, utf8);
        } catch (IllegalArgumentException e) {
            throw corrupt(e.getMessage(), e);
        }
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static int varintSize(int value) {
        int size = 1;
        while ((value >>>= 7) != 0) {
            size++;
        }
        return size;
    }

    private static void writeVarint(int value, byte[] out, int at) {
        while ((value & ~0x7F) != 0) {
            out[at++] = (byte) (value & 0x7F | 0x80);
            value >>>= 7;
        }
        out[at] = (byte) value;
    }

    private static SteadfastException corrupt(String why, Exception cause) {
        return new SteadfastException("A compressed payload in the journal is corrupt (" + why
                + "); the database file was damaged or written by something other than Steadfast.", cause);
    }
}

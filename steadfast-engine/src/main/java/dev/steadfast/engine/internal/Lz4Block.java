package dev.steadfast.engine.internal;

import java.util.Arrays;
import java.util.Objects;

/**
 * The LZ4 block format, written from its description (lz4_Block_format.md): a block is a series
 * of sequences, each a token (literal length in the high nibble, match length − 4 in the low one;
 * 15 means "more length follows in bytes of 255 and a last byte below 255"), the literals, then a
 * two-byte little-endian offset back into what is already decoded. The last sequence has literals
 * only. Having no entropy coding, a kilobyte of JSON text decodes in less time than Jackson then
 * takes to parse it, where zlib took longer than the parse (see BENCHMARKS.md, findings referenced
 * from code: LZ4 against zlib).
 *
 * <p>The compressor is greedy and single-pass: a hash of each 4-byte sequence finds the last place
 * it was seen, and a match is taken as soon as one is found, extended both ways. It keeps the
 * format's end rules (the last 5 bytes are literals, the last match starts at least 12 bytes before
 * the end), so any LZ4 block decoder reads its output. The decoder checks every length and offset
 * against both buffers and fails with an {@link IllegalArgumentException} on a block that is not
 * exactly what it claims.
 *
 * <pre>{@code
 * byte[] block = new byte[limit];
 * int n = Lz4Block.compress(utf8, block);          // -1: it does not fit in limit bytes
 * byte[] back = new byte[utf8.length];
 * Lz4Block.decompress(block, 0, n, back);
 * }</pre>
 */
final class Lz4Block {
    private static final int MIN_MATCH = 4;
    /** The last this many bytes of a block are always literals. */
    private static final int LAST_LITERALS = 5;
    /** The last match starts at least this many bytes before the end; shorter inputs are all literals. */
    private static final int MATCH_START_LIMIT = 12;
    private static final int MAX_OFFSET = 65_535;
    /** Hash table sizes: 2^bits int entries, at least one per 4 input bytes, between these bounds. */
    private static final int MIN_HASH_BITS = 8;
    private static final int MAX_HASH_BITS = 12;
    /** After this many misses in a row the search skips ahead one byte more per probe: fast on incompressible runs. */
    private static final int SKIP_TRIGGER = 6;

    private Lz4Block() {}

    /**
     * {@code src} as one LZ4 block in {@code dst}, from its start; the block's length, or -1 as soon
     * as a sequence does not fit in {@code dst.length} bytes.
     */
    static int compress(byte[] src, byte[] dst) {
        int n = src.length;
        int op = 0;
        int anchor = 0; // start of the literals not yet written
        if (n > MATCH_START_LIMIT) {
            int bits = Math.clamp(32 - Integer.numberOfLeadingZeros(n / 4), MIN_HASH_BITS, MAX_HASH_BITS);
            int shift = 32 - bits;
            // a fresh table costs less than clearing a shared one; it holds positions, and an entry
            // still 0 is just a candidate at position 0, checked like any other
            int[] table = new int[1 << bits];
            int lastStart = n - MATCH_START_LIMIT;
            int matchEnd = n - LAST_LITERALS;
            int pos = 0;
            int seq = readInt(src, 0); // the 4 bytes at pos, little-endian
            int misses = 0;
            while (pos <= lastStart) {
                int h = (seq * 0x9E3779B1) >>> shift;
                int candidate = table[h];
                table[h] = pos;
                if (candidate < pos && pos - candidate <= MAX_OFFSET && readInt(src, candidate) == seq) {
                    int start = pos; // the match may begin before the 4 bytes that found it
                    while (start > anchor && candidate > 0 && src[start - 1] == src[candidate - 1]) {
                        start--;
                        candidate--;
                    }
                    int len = pos + MIN_MATCH - start;
                    len += matchLength(src, candidate + len, start + len, matchEnd);
                    op = writeSequence(src, anchor, start - anchor, start - candidate, len, dst, op);
                    if (op < 0) {
                        return -1;
                    }
                    pos = start + len;
                    anchor = pos;
                    misses = 0;
                    if (pos <= lastStart) { // the match's end seeds the table for the next one
                        table[(readInt(src, pos - 2) * 0x9E3779B1) >>> shift] = pos - 2;
                        seq = readInt(src, pos);
                    }
                } else {
                    int step = 1 + (misses++ >>> SKIP_TRIGGER);
                    pos += step;
                    if (pos <= lastStart) {
                        seq = step == 1 ? seq >>> 8 | (src[pos + 3] & 0xFF) << 24 : readInt(src, pos);
                    }
                }
            }
        }
        return writeLastLiterals(src, anchor, n - anchor, dst, op);
    }

    /**
     * Decodes the block {@code src[srcOff, srcOff + srcLen)} into all of {@code dst}; an
     * {@link IllegalArgumentException} when the block is malformed or does not decode to exactly
     * {@code dst.length} bytes.
     */
    static void decompress(byte[] src, int srcOff, int srcLen, byte[] dst) {
        Objects.checkFromIndexSize(srcOff, srcLen, src.length);
        int ip = srcOff;
        int end = srcOff + srcLen;
        int op = 0;
        while (true) {
            if (ip == end) {
                throw malformed("it ends where a sequence should start, at byte " + (ip - srcOff));
            }
            int token = src[ip++] & 0xFF;
            int literals = token >>> 4;
            if (literals == 15) {
                int b;
                do {
                    if (ip == end) {
                        throw malformed("a literal length runs past its end");
                    }
                    b = src[ip++] & 0xFF;
                    literals += b;
                    if (literals > dst.length) {
                        throw malformed("a literal length exceeds the " + dst.length + " bytes it decodes to");
                    }
                } while (b == 255);
            }
            if (literals > end - ip) {
                throw malformed("literals run past its end");
            }
            if (literals > dst.length - op) {
                throw malformed("literals run past the " + dst.length + " bytes it decodes to");
            }
            System.arraycopy(src, ip, dst, op, literals);
            ip += literals;
            op += literals;
            if (ip == end) {
                break;
            }
            if (op == dst.length) {
                throw malformed("bytes follow its last literal: " + (end - ip));
            }
            if (end - ip < 2) {
                throw malformed("an offset is cut off");
            }
            int offset = (src[ip] & 0xFF) | (src[ip + 1] & 0xFF) << 8;
            ip += 2;
            if (offset == 0 || offset > op) {
                throw malformed("offset " + offset + " at output byte " + op + " points outside what is decoded");
            }
            int len = token & 15;
            if (len == 15) {
                int b;
                do {
                    if (ip == end) {
                        throw malformed("a match length runs past its end");
                    }
                    b = src[ip++] & 0xFF;
                    len += b;
                    if (len > dst.length) {
                        throw malformed("a match length exceeds the " + dst.length + " bytes it decodes to");
                    }
                } while (b == 255);
            }
            len += MIN_MATCH;
            if (len > dst.length - op) {
                throw malformed("a match runs past the " + dst.length + " bytes it decodes to");
            }
            copyMatch(dst, op - offset, op, len);
            op += len;
        }
        if (op != dst.length) {
            throw malformed("it decodes to " + op + " bytes, not " + dst.length);
        }
    }

    /**
     * Copies {@code len} bytes from {@code from} to {@code to} in {@code buf}, where they may
     * overlap (offset below length: the last {@code to - from} bytes repeat). Copying the longest
     * part that does not overlap, then twice that, keeps a long run to a few array copies.
     */
    private static void copyMatch(byte[] buf, int from, int to, int len) {
        int end = to + len;
        while (to < end) {
            int chunk = Math.min(to - from, end - to);
            System.arraycopy(buf, from, buf, to, chunk);
            to += chunk;
        }
    }

    /** How many bytes from {@code a} and {@code b} on are equal, with {@code b} not reaching {@code bEnd}. */
    private static int matchLength(byte[] src, int a, int b, int bEnd) {
        int max = bEnd - b;
        int mismatch = Arrays.mismatch(src, a, a + max, src, b, bEnd);
        return mismatch < 0 ? max : mismatch;
    }

    /** Writes one sequence; the new output position, or -1 when it does not fit. */
    private static int writeSequence(byte[] src, int literalStart, int literals, int offset, int matchLen, byte[] dst,
            int op) {
        int m = matchLen - MIN_MATCH;
        int size = 1 + lengthBytes(literals) + literals + 2 + lengthBytes(m);
        if (size > dst.length - op) {
            return -1;
        }
        dst[op++] = (byte) (Math.min(literals, 15) << 4 | Math.min(m, 15));
        op = writeLength(literals, dst, op);
        System.arraycopy(src, literalStart, dst, op, literals);
        op += literals;
        dst[op++] = (byte) offset;
        dst[op++] = (byte) (offset >>> 8);
        return writeLength(m, dst, op);
    }

    /** Writes the final, literals-only sequence; the block's length, or -1 when it does not fit. */
    private static int writeLastLiterals(byte[] src, int literalStart, int literals, byte[] dst, int op) {
        int size = 1 + lengthBytes(literals) + literals;
        if (size > dst.length - op) {
            return -1;
        }
        dst[op++] = (byte) (Math.min(literals, 15) << 4);
        op = writeLength(literals, dst, op);
        System.arraycopy(src, literalStart, dst, op, literals);
        return op + literals;
    }

    /** The bytes after the token that a nibble-coded length takes: none below 15. */
    private static int lengthBytes(int length) {
        return length < 15 ? 0 : (length - 15) / 255 + 1;
    }

    private static int writeLength(int length, byte[] dst, int op) {
        if (length >= 15) {
            int rest = length - 15;
            for (; rest >= 255; rest -= 255) {
                dst[op++] = (byte) 255;
            }
            dst[op++] = (byte) rest;
        }
        return op;
    }

    private static int readInt(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    private static IllegalArgumentException malformed(String why) {
        return new IllegalArgumentException("Malformed LZ4 block: " + why);
    }
}

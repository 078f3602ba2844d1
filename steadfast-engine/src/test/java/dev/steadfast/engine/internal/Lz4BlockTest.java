package dev.steadfast.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The LZ4 block codec: blocks worked out by hand from the format description, a block made by the
 * reference lz4, a round trip over many random inputs that also checks the format's end rules
 * (what lets any LZ4 decoder read our blocks), and malformed blocks, each refused.
 *
 * <p>The random tests print their seed; rerun one with {@code -Dsteadfast.lz4.seed=<seed>}.
 */
// in a thread of its own, so that a decoder stuck in a loop fails the test instead of hanging the build
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Lz4BlockTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String[] WORDS = ("the of and to a in is that for it as with was on be by this are or from"
            + " model tool result weather forecast summary answer search query document page user agent step").split(" ");

    private static long seed(String test) {
        long seed = Long.getLong("steadfast.lz4.seed", System.nanoTime());
        System.out.println("Lz4BlockTest." + test + " seed " + seed + " (rerun with -Dsteadfast.lz4.seed=" + seed + ")");
        return seed;
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code src} compressed into a buffer big enough for any input: the format grows a block by at most 1/255 + 16. */
    private static byte[] compress(byte[] src) {
        byte[] dst = new byte[src.length + src.length / 255 + 16];
        int n = Lz4Block.compress(src, dst);
        assertThat(n).as("compressed length of %d bytes", src.length).isBetween(1, dst.length);
        return Arrays.copyOf(dst, n);
    }

    private static byte[] decompress(byte[] block, int length) {
        byte[] out = new byte[length];
        Lz4Block.decompress(block, 0, block.length, out);
        return out;
    }

    // ---- known blocks

    @Test
    void theEmptyInputIsOneZeroToken() {
        assertThat(compress(new byte[0])).containsExactly(0x00);
        assertThat(decompress(bytes(0x00), 0)).isEmpty();
    }

    @Test
    void shortInputsAreOneLiteralSequence() {
        assertThat(compress(ascii("abc"))).containsExactly(0x30, 'a', 'b', 'c');
        // 12 bytes are too few for a match, even of a run: the last match must start 12 bytes before the end
        byte[] twelve = ascii("aaaaaaaaaaaa");
        assertThat(compress(twelve)).isEqualTo(concat(bytes(0xC0), twelve));
        assertThat(decompress(concat(bytes(0xC0), twelve), 12)).isEqualTo(twelve);
    }

    @Test
    void aRunIsOneLiteralAMatchOverlappingItselfAndFiveLastLiterals() {
        // 14 × 'a': literal 'a', then a match at offset 1 of 8 bytes (token low nibble 8 − 4), then 5 literals
        byte[] block = bytes(0x14, 'a', 0x01, 0x00, 0x50, 'a', 'a', 'a', 'a', 'a');
        byte[] run = ascii("a".repeat(14));
        assertThat(compress(run)).isEqualTo(block);
        assertThat(decompress(block, 14)).isEqualTo(run);
        // 25 × 'a': the match is 19 bytes, the first length to need a byte after the token (15, then 0)
        byte[] longer = bytes(0x1F, 'a', 0x01, 0x00, 0x00, 0x50, 'a', 'a', 'a', 'a', 'a');
        assertThat(compress(ascii("a".repeat(25)))).isEqualTo(longer);
        assertThat(decompress(longer, 25)).isEqualTo(ascii("a".repeat(25)));
    }

    /** Bytes with no 4-byte sequence repeated: nothing for the compressor to match. */
    private static byte[] distinct(int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) (i ^ (i >> 8) * 0x55);
        }
        return out;
    }

    @Test
    void literalLengthsOf15AndMoreContinueInBytesAsTheFormatsExamplesShow() {
        // the spec's examples: 15 → 15, 0; 48 → 15, 33; 280 → 15, 255, 10; and 270 → 15, 255, 0
        int[][] examples = {{15, 0xF0, 0x00}, {48, 0xF0, 33}, {280, 0xF0, 0xFF, 10}, {270, 0xF0, 0xFF, 0x00},
                {16, 0xF0, 0x01}, {19, 0xF0, 0x04}};
        for (int[] example : examples) {
            byte[] literals = distinct(example[0]);
            byte[] block = concat(bytes(Arrays.copyOfRange(example, 1, example.length)), literals);
            assertThat(compress(literals)).as("%d literals", example[0]).isEqualTo(block);
            assertThat(decompress(block, literals.length)).isEqualTo(literals);
        }
    }

    @Test
    void anOffsetIsTwoBytesLittleEndian() {
        // 300 literals (15 + 255 + 30), then the first 8 bytes again from 300 back (0x012C), then 5 literals
        byte[] first = distinct(300);
        byte[] tail = ascii("12345");
        byte[] block = concat(bytes(0xF4, 0xFF, 30), first, bytes(0x2C, 0x01, 0x50), tail);
        byte[] expected = concat(first, Arrays.copyOf(first, 8), tail);
        assertThat(decompress(block, expected.length)).isEqualTo(expected);
        assertThat(compress(expected)).isEqualTo(block);
    }

    @Test
    void readsABlockTheReferenceLz4Made() {
        // LZ4_compress_default of lz4 1.9.4 (liblz4.so.1) on this text; ours makes the same bytes
        String text = "{\"summary\": \"the quick brown fox jumps over the lazy dog; the quick brown fox jumps over"
                + " the lazy cat\"}";
        byte[] reference = HEX.parseHex("f01d7b2273756d6d617279223a202274686520717569636b2062726f776e20666f78206a75"
                + "6d7073206f766572201f00916c617a7920646f673b0e000f2d001150636174227d");
        assertThat(new String(decompress(reference, text.length()), StandardCharsets.US_ASCII)).isEqualTo(text);
        assertThat(compress(ascii(text))).isEqualTo(reference);
    }

    // ---- round trips

    /** One random input of {@code n} bytes: random bytes, a repeated pattern, a run, words, or a mix of them. */
    private static byte[] input(Random random, int n) {
        byte[] out = new byte[n];
        int kind = random.nextInt(5);
        if (kind == 4 && n > 64) { // a mix: segments of the other kinds, so the matcher meets each after each
            int at = 0;
            while (at < n) {
                byte[] part = input(random, Math.min(n - at, 1 + random.nextInt(Math.max(1, n / 3))));
                System.arraycopy(part, 0, out, at, part.length);
                at += part.length;
            }
            return out;
        }
        switch (kind) {
            case 0 -> random.nextBytes(out);
            case 1 -> {
                byte[] pattern = new byte[1 + random.nextInt(random.nextBoolean() ? 8 : 400)];
                random.nextBytes(pattern);
                for (int i = 0; i < n; i++) {
                    out[i] = pattern[i % pattern.length];
                }
            }
            case 2 -> {
                byte b = (byte) random.nextInt();
                for (int i = 0; i < n; i++) {
                    out[i] = random.nextInt(1_000) == 0 ? (byte) random.nextInt() : b;
                }
            }
            default -> {
                var text = new StringBuilder();
                while (text.length() < n) {
                    text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(9) == 0 ? ". " : " ");
                }
                System.arraycopy(ascii(text.toString()), 0, out, 0, n);
            }
        }
        return out;
    }

    /**
     * Walks {@code block} as any LZ4 decoder would and checks the format's end rules for an input
     * of {@code n} bytes: a last sequence of literals only, at least 5 of them, and no match
     * starting later than 12 bytes before the end.
     */
    private static void assertEndRules(byte[] block, int n, String what) {
        int ip = 0;
        int op = 0;
        while (true) {
            int token = block[ip++] & 0xFF;
            int literals = token >>> 4;
            if (literals == 15) {
                int b;
                do {
                    b = block[ip++] & 0xFF;
                    literals += b;
                } while (b == 255);
            }
            ip += literals;
            op += literals;
            if (ip == block.length) {
                assertThat(literals).as("%s: last literals", what).isGreaterThanOrEqualTo(Math.min(n, 5));
                break;
            }
            assertThat(op).as("%s: a match's start", what).isLessThanOrEqualTo(n - 12);
            ip += 2;
            int match = token & 15;
            if (match == 15) {
                int b;
                do {
                    b = block[ip++] & 0xFF;
                    match += b;
                } while (b == 255);
            }
            op += match + 4;
        }
        assertThat(op).as("%s: decoded length", what).isEqualTo(n);
    }

    @Test
    void everyInputComesBackAndKeepsTheEndRules() {
        long seed = seed("everyInputComesBackAndKeepsTheEndRules");
        var random = new Random(seed);
        int[] boundaries = {12, 13, 15, 16, 19, 20, 255, 269, 270, 271, 65_535, 65_536, 65_540, 70_000};
        int cases = 0;
        for (int round = 0; round < 3; round++) {
            for (int n = 0; n <= 20; n++) {
                roundTrip(random, n, seed, cases++);
            }
            for (int n : boundaries) {
                roundTrip(random, n, seed, cases++);
            }
        }
        for (int i = 0; i < 400; i++) {
            int n = random.nextInt(8) == 0 ? random.nextInt(70_001) : random.nextInt(5_000);
            roundTrip(random, n, seed, cases++);
        }
    }

    private static void roundTrip(Random random, int n, long seed, int index) {
        byte[] src = input(random, n);
        String what = "case " + index + " of seed " + seed + " (" + n + " bytes)";
        byte[] block = compress(src);
        assertEndRules(block, n, what);
        assertThat(decompress(block, n)).as(what).isEqualTo(src);
        // the block's own length is enough room, and one byte less is not
        assertThat(Lz4Block.compress(src, new byte[block.length])).as(what).isEqualTo(block.length);
        assertThat(Lz4Block.compress(src, new byte[block.length - 1])).as(what).isEqualTo(-1);
        // and a block read from the middle of a larger array
        byte[] framed = concat(bytes(7, 7, 7), block, bytes(9));
        byte[] out = new byte[n];
        Lz4Block.decompress(framed, 3, block.length, out);
        assertThat(out).as(what).isEqualTo(src);
    }

    @Test
    void incompressibleInputDoesNotFitInLessThanItsLength() {
        var random = new Random(11);
        byte[] src = new byte[4_000];
        random.nextBytes(src);
        assertThat(Lz4Block.compress(src, new byte[src.length - src.length / 8])).isEqualTo(-1);
    }

    // ---- malformed blocks

    private static void assertMalformed(byte[] block, int length, String reason) {
        assertThatThrownBy(() -> decompress(block, length)).as(HEX.formatHex(block))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Malformed LZ4 block")
                .hasMessageContaining(reason);
    }

    @Test
    void malformedBlocksAreRefusedSayingWhy() {
        byte[] run = bytes(0x14, 'a', 0x01, 0x00, 0x50, 'a', 'a', 'a', 'a', 'a'); // 14 × 'a'
        assertMalformed(new byte[0], 0, "ends where a sequence should start");
        assertMalformed(bytes(0x14, 'a', 0x00, 0x00, 0x50, 'a', 'a', 'a', 'a', 'a'), 14, "offset 0");
        assertMalformed(bytes(0x14, 'a', 0x02, 0x00, 0x50, 'a', 'a', 'a', 'a', 'a'), 14, "offset 2 at output byte 1");
        assertMalformed(bytes(0x04, 0x01, 0x00, 0x50, 'a', 'a', 'a', 'a', 'a'), 13, "offset 1 at output byte 0");
        assertMalformed(bytes(0x50, 'a', 'b'), 5, "literals run past its end");
        assertMalformed(bytes(0x30, 'a', 'b', 'c'), 2, "literals run past the 2 bytes");
        assertMalformed(bytes(0xF0), 20, "a literal length runs past its end");
        assertMalformed(bytes(0xF0, 0xFF, 0xFF), 20_000, "a literal length runs past its end");
        assertMalformed(bytes(0x1F, 'a', 0x01, 0x00), 25, "a match length runs past its end");
        assertMalformed(bytes(0x10, 'a', 0x01), 14, "an offset is cut off");
        assertMalformed(bytes(0x14, 'a', 0x01, 0x00), 9, "ends where a sequence should start"); // no last literals
        assertMalformed(concat(run, bytes(0x00)), 14, "bytes follow its last literal: 1");
        assertMalformed(concat(run, bytes(0x10, 'a')), 14, "bytes follow its last literal: 2");
        assertMalformed(run, 15, "it decodes to 14 bytes, not 15");
        assertMalformed(run, 8, "a match runs past the 8 bytes");
        assertMalformed(run, 12, "literals run past the 12 bytes");
        // lengths far beyond the output stop at the output's size, long before an int could overflow
        byte[] hugeLiterals = new byte[100_000];
        Arrays.fill(hugeLiterals, (byte) 0xFF);
        assertMalformed(hugeLiterals, 1_000, "a literal length exceeds the 1000 bytes");
        byte[] hugeMatch = concat(bytes(0x1F, 'a', 0x01, 0x00), Arrays.copyOf(hugeLiterals, 50_000));
        assertMalformed(hugeMatch, 1_000, "a match length exceeds the 1000 bytes");
    }

    @Test
    void damagedBlocksDecodeOrFailOnlyAsMalformed() {
        long seed = seed("damagedBlocksDecodeOrFailOnlyAsMalformed");
        var random = new Random(seed);
        for (int i = 0; i < 3_000; i++) {
            byte[] src = input(random, random.nextInt(3_000));
            byte[] block = compress(src);
            byte[] damaged = switch (random.nextInt(4)) {
                case 0 -> Arrays.copyOf(block, random.nextInt(block.length)); // cut short
                case 1 -> concat(block, bytes(random.nextInt(256))); // a byte too many
                default -> { // some bytes changed
                    byte[] d = block.clone();
                    for (int k = 1 + random.nextInt(3); k > 0; k--) {
                        d[random.nextInt(d.length)] = (byte) random.nextInt(256);
                    }
                    yield d;
                }
            };
            int length = random.nextInt(10) == 0 ? src.length + random.nextInt(3) - 1 : src.length;
            try {
                byte[] out = new byte[Math.max(0, length)];
                Lz4Block.decompress(damaged, 0, damaged.length, out);
            } catch (IllegalArgumentException expected) {
                assertThat(expected).hasMessageStartingWith("Malformed LZ4 block: ");
            } catch (RuntimeException e) {
                fail("case " + i + " of seed " + seed + ": " + HEX.formatHex(damaged) + " failed with " + e, e);
            }
        }
    }
}

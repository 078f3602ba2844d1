package dev.steadfast.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.SteadfastException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Which payloads are stored compressed, the BLOB's layout, and that they come back as the same JSON. */
class PayloadCompressionTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void largeCompressibleJsonIsCompressedAndComesBack() {
        String json = "\"" + "the weather in Paris, ".repeat(40) + "\u00e9t\u00e9 \ud83d\ude00\"";
        Object stored = PayloadCompression.stored(json);
        assertThat(stored).isInstanceOf(byte[].class);
        assertThat(((byte[]) stored).length).isLessThan(utf8(json).length / 4);
        assertThat(PayloadCompression.decompress((byte[]) stored)).isEqualTo(json);
    }

    private static double ratio(String json) {
        int bytes = utf8(json).length;
        byte[] stored = (byte[]) PayloadCompression.stored(json);
        assertThat(PayloadCompression.decompress(stored)).isEqualTo(json);
        double ratio = (double) bytes / stored.length;
        System.out.printf("PayloadCompressionTest: %d bytes of JSON stored in %d (%.2f\u00d7)%n", bytes, stored.length,
                ratio);
        return ratio;
    }

    @Test
    void aKilobyteOfEnglishLikeJsonShrinksByAThirdOrMoreAndOfRicherProseByASixth() {
        // words from a small vocabulary, as in the journal tests: many long repeats
        assertThat(ratio("\"" + TestTexts.prose(1_003, 1) + "\"")).isGreaterThanOrEqualTo(1.5);
        // a larger vocabulary, like real prose: LZ4's ceiling at this size is near 1.35×
        assertThat(ratio(TestTexts.answerJson(1_000, 1))).isGreaterThanOrEqualTo(1.2);
    }

    @Test
    void theBlobIsAFormatByteTheLengthAsAVarintAndAnLz4Block() {
        for (int length : new int[] {300, 16_383, 16_384, 2_097_151, 2_097_152}) {
            String json = "\"" + TestTexts.prose(length - 2, length) + "\"";
            byte[] utf8 = utf8(json);
            assertThat(utf8).hasSize(length);
            byte[] blob = (byte[]) PayloadCompression.stored(json);
            assertThat(blob[0]).isEqualTo((byte) PayloadCompression.LZ4);
            int at = 1;
            int decoded = 0;
            for (int shift = 0; ; shift += 7) {
                int b = blob[at++];
                decoded |= (b & 0x7F) << shift;
                if (b >= 0) {
                    break;
                }
            }
            assertThat(decoded).isEqualTo(length);
            assertThat(at - 1).as("varint bytes for %d", length).isEqualTo(length < 1 << 14 ? 2 : length < 1 << 21 ? 3 : 4);
            byte[] out = new byte[length];
            Lz4Block.decompress(blob, at, blob.length - at, out);
            assertThat(out).isEqualTo(utf8);
            assertThat(PayloadCompression.decompress(blob)).isEqualTo(json);
        }
    }

    @Test
    void smallJsonStaysText() {
        String json = "\"" + "a".repeat(PayloadCompression.MIN_BYTES - 3) + "\""; // 255 bytes
        assertThat(PayloadCompression.stored(json)).isSameAs(json);
        assertThat(PayloadCompression.stored(null)).isNull();
        String multiByte = "\"" + "\u00e9".repeat(128) + "\""; // 128 characters, 258 bytes
        assertThat(PayloadCompression.stored(multiByte)).isInstanceOf(byte[].class);
    }

    @Test
    void jsonThatCompressesByLessThanAnEighthStaysText() {
        var random = new Random(7);
        var s = new StringBuilder("\"");
        while (s.length() < 3_000) { // random ASCII and two-byte characters: few repeated 4-byte sequences
            char c = random.nextBoolean() ? (char) (0x20 + random.nextInt(0x5f)) : (char) (0xa0 + random.nextInt(0x760));
            if (c != '"' && c != '\\' && c != 0x7f) {
                s.append(c);
            }
        }
        String json = s.append('"').toString();
        assertThat(PayloadCompression.stored(json)).isSameAs(json);
        // and so does random base64, which zlib could shrink by a fifth but LZ4, with no entropy coding, cannot
        String base64 = "\"" + Base64.getEncoder().encodeToString(randomBytes(750, 3)) + "\"";
        assertThat(PayloadCompression.stored(base64)).isSameAs(base64);
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] out = new byte[n];
        new Random(seed).nextBytes(out);
        return out;
    }

    private static void assertCorrupt(byte[] blob, String why) {
        assertThatThrownBy(() -> PayloadCompression.decompress(blob)).isInstanceOf(SteadfastException.class)
                .hasMessageContaining("A compressed payload in the journal is corrupt").hasMessageContaining(why);
    }

    @Test
    void aCorruptBlobFailsSayingSo() {
        byte[] stored = (byte[]) PayloadCompression.stored("\"" + "x".repeat(1_000) + "\""); // 1, 0xEA 0x07, block
        assertCorrupt(Arrays.copyOf(stored, stored.length - 1), "Malformed LZ4 block");
        assertCorrupt(utf8("not compressed at all"), "unknown format 110");
        assertCorrupt(new byte[0], "it is empty");
        assertCorrupt(new byte[] {1}, "its length is cut off");
        assertCorrupt(new byte[] {1, (byte) 0x80, (byte) 0x80}, "its length is cut off");
        assertCorrupt(new byte[] {1, -1, -1, -1, -1, 0x0F, 0}, "over 2 GiB");
        // a short block cannot hold 1 GiB: refused before anything that size is allocated
        byte[] oneGiB = {1, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x04, 0x00};
        assertCorrupt(oneGiB, "claims 1073741824 bytes");
        // a well-formed block of another length than the header says
        byte[] otherLength = stored.clone();
        otherLength[1] = (byte) 0xEB; // 1,003 instead of 1,002
        assertCorrupt(otherLength, "it decodes to 1002 bytes, not 1003");
        otherLength[1] = (byte) 0xE9;
        assertCorrupt(otherLength, "literals run past the 1001 bytes");
        byte[] otherFormat = stored.clone();
        otherFormat[0] = 2;
        assertCorrupt(otherFormat, "unknown format 2");
    }
}

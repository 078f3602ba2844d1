package dev.steadfast.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.SteadfastException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Which payloads are stored deflated, and that they come back as the same JSON. */
class PayloadCompressionTest {
    @Test
    void largeCompressibleJsonIsDeflatedAndInflatesBack() {
        String json = "\"" + "the weather in Paris, ".repeat(40) + "\u00e9t\u00e9 \ud83d\ude00\"";
        Object stored = PayloadCompression.stored(json);
        assertThat(stored).isInstanceOf(byte[].class);
        assertThat(((byte[]) stored).length).isLessThan(json.getBytes(StandardCharsets.UTF_8).length / 4);
        assertThat(PayloadCompression.inflate((byte[]) stored)).isEqualTo(json);
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
    void jsonThatDeflatesByLessThanAnEighthStaysText() {
        var random = new Random(7);
        var s = new StringBuilder("\"");
        while (s.length() < 3_000) { // random ASCII and two-byte characters: bytes of nearly every value
            char c = random.nextBoolean() ? (char) (0x20 + random.nextInt(0x5f)) : (char) (0xa0 + random.nextInt(0x760));
            if (c != '"' && c != '\\' && c != 0x7f) {
                s.append(c);
            }
        }
        String json = s.append('"').toString();
        assertThat(PayloadCompression.stored(json)).isSameAs(json);
    }

    @Test
    void aCorruptBlobFailsSayingSo() {
        byte[] stored = (byte[]) PayloadCompression.stored("\"" + "x".repeat(1_000) + "\"");
        byte[] truncated = Arrays.copyOf(stored, stored.length / 2);
        assertThatThrownBy(() -> PayloadCompression.inflate(truncated)).isInstanceOf(SteadfastException.class)
                .hasMessageContaining("corrupt");
        byte[] garbage = "not deflated at all".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PayloadCompression.inflate(garbage)).isInstanceOf(SteadfastException.class);
    }
}

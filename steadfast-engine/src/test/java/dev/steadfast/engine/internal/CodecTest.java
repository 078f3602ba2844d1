package dev.steadfast.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.error.PayloadTooLargeException;
import dev.steadfast.message.Messages;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the journal stores for a value: the JSON Jackson would write, within the size limit. */
class CodecTest {
    @Test
    void aStringIsWrittenExactlyAsJacksonWritesItAsUtf8() throws Exception {
        var codec = new Codec(1 << 20);
        for (String s : List.of("", "plain ascii", "café", "日本語のテキスト", "emoji 😀 here", "a \"quote\"",
                "back\\slash", "line\nbreak\ttab", "\u0000nul", "del\u007f", "sep\u2028arator", "lone \ud800 surrogate")) {
            String jackson = new String(Messages.mapper().writeValueAsBytes(s), StandardCharsets.UTF_8);
            assertThat(codec.encode(s, "s")).as("%s", s).isEqualTo(jackson);
            assertThat(codec.<String>decode(codec.encode(s, "s"), String.class)).isEqualTo(
                    Messages.mapper().readValue(jackson, String.class));
        }
    }

    @Test
    void theSizeLimitCountsUtf8BytesOfTheJson() {
        String s = "é".repeat(10); // 20 bytes of UTF-8, 22 of JSON
        assertThat(s.getBytes(StandardCharsets.UTF_8)).hasSize(20);
        assertThat(new Codec(22).encode(s, "s")).isEqualTo("\"" + s + "\"");
        assertThatThrownBy(() -> new Codec(21).encode(s, "The result")).isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("The result is 22 bytes, over the engine's payload limit of 21 bytes");
    }
}

package dev.steadfast.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PartialJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String read(String prefix) {
        return PartialJson.read(prefix).toString();
    }

    @Test
    void anOpenStringIsClosedWhereTheTextStops() {
        assertThat(read("{\"title\":\"Dura")).isEqualTo("{\"title\":\"Dura\"}");
        assertThat(read("[\"a\",\"b")).isEqualTo("[\"a\",\"b\"]");
    }

    @Test
    void aKeyWithoutItsValueAndAValueThatMayStillGrowAreLeftOut() {
        assertThat(read("{\"title\":\"T\",\"poi")).isEqualTo("{\"title\":\"T\"}");
        assertThat(read("{\"title\":\"T\",\"n\":")).isEqualTo("{\"title\":\"T\"}");
        assertThat(read("{\"n\":12")).isEqualTo("{}");
        assertThat(read("{\"n\":12,")).isEqualTo("{\"n\":12}");
        assertThat(read("{\"ok\":tr")).isEqualTo("{}");
        assertThat(read("{\"ok\":true}")).isEqualTo("{\"ok\":true}");
    }

    @Test
    void nestedContainersCloseInsideOut() {
        assertThat(read("{\"a\":{\"b\":[1,2,{\"c\":\"x")).isEqualTo("{\"a\":{\"b\":[1,2,{\"c\":\"x\"}]}}");
    }

    @Test
    void escapesAreReadAndAnEscapeCutInHalfWaits() {
        assertThat(PartialJson.read("{\"q\":\"say \\\"hi\\\" \\u00e9").path("q").asText())
                .isEqualTo("say \"hi\" é");
        assertThat(PartialJson.read("{\"q\":\"a\\u00").path("q").asText()).isEqualTo("a");
        assertThat(PartialJson.read("{\"q\":\"a\\").path("q").asText()).isEqualTo("a");
    }

    @Test
    void nothingYetIsMissingAndEveryPrefixOfAWholeTextReadsWithoutFailingAndTheWholeOneExactly() throws Exception {
        assertThat(PartialJson.read("").isMissingNode()).isTrue();
        assertThat(PartialJson.read("  ").isMissingNode()).isTrue();
        String whole =
                "{\"title\":\"Durability\",\"points\":[\"fsync, then ack\",\"WAL\"],\"score\":-1.5e2,\"ok\":false,\"none\":null}";
        for (int i = 0; i <= whole.length(); i++) {
            PartialJson.read(whole.substring(0, i));
        }
        assertThat(PartialJson.read(whole)).isEqualTo(JSON.readTree(whole));
    }

    @Test
    void textPastAMalformedCharacterIsIgnored() {
        assertThat(read("{\"a\":1,}x{")).isEqualTo("{\"a\":1}");
        assertThat(read("{\"a\":\"b\" oops")).isEqualTo("{\"a\":\"b\"}");
    }
}

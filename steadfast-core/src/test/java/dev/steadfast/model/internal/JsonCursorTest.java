package dev.steadfast.model.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cursor reads what Jackson would, and refuses what it cannot read instead of guessing. */
class JsonCursorTest {
    private static final byte[] WANTED = JsonCursor.key("wanted");

    /** Every top-level key, with the value of "wanted" read and all others skipped. */
    private static Map<String, String> scan(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        JsonCursor c = new JsonCursor(bytes, 0, bytes.length);
        Map<String, String> seen = new LinkedHashMap<>();
        c.enterObject();
        while (c.nextKey()) {
            if (c.keyIs(WANTED)) {
                seen.put("wanted", c.stringOrNull());
            } else {
                c.skipValue();
                seen.put("other" + seen.size(), "skipped");
            }
        }
        c.expectEnd();
        return seen;
    }

    @Test
    void skipsNestedValuesStringsWithBracketsAndEscapesThenReadsTheWantedOne() {
        String json = "{ \"a\": {\"x\": [1, -2.5e3, true, null, {\"y\": \"}]\\\"\"}]}, \"b\": \"\\\\\", \"c\": false,"
                + " \"wanted\" : \"caf\\u00e9 \\\"quoted\\\"\\n\\ud83d\\ude00 é😀\" }";

        assertThat(scan(json))
                .containsEntry("wanted", "café \"quoted\"\n😀 é😀")
                .hasSize(4);
    }

    @Test
    void readsNullAndPlainStrings() {
        assertThat(scan("{\"wanted\":null}")).containsEntry("wanted", null);
        assertThat(scan("{\"wanted\":\" word\"}")).containsEntry("wanted", " word");
        assertThat(scan("{}")).isEmpty();
    }

    @Test
    void readsIndexesAndRefusesOtherNumbers() {
        byte[] ok = "{\"index\": 12 }".getBytes(StandardCharsets.UTF_8);
        JsonCursor c = new JsonCursor(ok, 0, ok.length);
        c.enterObject();
        c.nextKey();
        assertThat(c.intValue()).isEqualTo(12);
        for (String bad : new String[] {"-1", "1.5", "1e3", "\"1\"", "12345678901"}) {
            byte[] bytes = ("{\"index\":" + bad + "}").getBytes(StandardCharsets.UTF_8);
            JsonCursor d = new JsonCursor(bytes, 0, bytes.length);
            d.enterObject();
            d.nextKey();
            assertThatThrownBy(d::intValue).as(bad).isSameAs(JsonCursor.UNEXPECTED);
        }
    }

    @Test
    void refusesWhatItCannotRead() {
        for (String bad : new String[] {
            "{\"wanted\":",
            "{\"wanted\":\"open",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "[1]",
            "{\"wanted\":1}",
            "{\"a\":1} trailing",
            "{\"a\":{\"b\":1}",
            "{\"\\u0061\":1}"
        }) {
            assertThatThrownBy(() -> scan(bad)).as(bad).isSameAs(JsonCursor.UNEXPECTED);
        }
    }
}

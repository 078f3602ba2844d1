package dev.steadfast.cli.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.message.Messages;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON for scripts and the console: Steadfast's mapper, pretty-printed, control characters escaped by Jackson; and
 * strict reading of what a user typed or posted (Jackson's {@code readTree} takes an empty text as a missing node and
 * stops at the end of the first value, so {@code {"a":1} junk} would pass).
 */
public final class Json {
    private Json() {}

    static String write(JsonNode node) {
        try {
            return Messages.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Exactly one JSON value, nothing before or after it but white space.
     *
     * @throws IllegalArgumentException saying what is wrong: empty, not JSON, or text after the value
     */
    public static JsonNode read(byte[] text) {
        JsonNode node;
        try (JsonParser p = Messages.mapper().createParser(text)) {
            try {
                node = Messages.mapper().readTree(p);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("is not JSON: " + e.getOriginalMessage(), e);
            }
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("is empty: give a JSON value (a string is quoted: \"text\")");
            }
            JsonLocation end = p.currentLocation();
            boolean more;
            try {
                more = p.nextToken() != null;
            } catch (JsonProcessingException e) {
                more = true;
            }
            if (more) {
                throw new IllegalArgumentException(
                        "has text after the JSON value (from column " + end.getColumnNr() + "); send one value");
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

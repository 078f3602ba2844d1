package dev.steadfast.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.message.Messages;

/** JSON for scripts and the console: Steadfast's mapper, pretty-printed, control characters escaped by Jackson. */
final class Json {
    private Json() {}

    static String write(JsonNode node) {
        try {
            return Messages.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write JSON: " + e.getMessage(), e);
        }
    }
}

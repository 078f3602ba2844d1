package dev.steadfast.stream.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads the beginning of a JSON text as far as it goes: <code>{"title":"Dura</code> reads as
 * <code>{"title":"Dura"}</code>. Open objects, arrays and strings are closed where the text stops; a key
 * without its value yet, and a number or literal that may still grow ({@code 12} of {@code 125},
 * {@code tr}), are left out until they are whole. Text past the first malformed character is ignored.
 * Nothing is validated: the value is a preview; only the whole text is the output.
 */
public final class PartialJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper NUMBERS = new ObjectMapper();

    private final String text;
    private int at;

    private PartialJson(String text) {
        this.text = text;
    }

    /** The value {@code prefix} begins, or a {@link MissingNode} when it holds no value yet. */
    public static JsonNode read(String prefix) {
        try {
            return new PartialJson(prefix).value();
        } catch (Stop stop) {
            return stop.partial;
        }
    }

    /** Thrown where the text stops (or goes wrong), carrying what was read of the outermost value. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private transient JsonNode partial = MissingNode.getInstance();

        Stop() {
            super(null, null, false, false);
        }
    }

    private JsonNode value() {
        skipSpace();
        if (at >= text.length()) {
            throw new Stop();
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> {
                StringBuilder s = new StringBuilder();
                boolean whole = string(s);
                if (!whole) {
                    Stop stop = new Stop();
                    stop.partial = JSON.textNode(s.toString());
                    throw stop;
                }
                yield JSON.textNode(s.toString());
            }
            default -> scalar();
        };
    }

    private ObjectNode object() {
        ObjectNode node = JSON.objectNode();
        at++;
        while (true) {
            skipSpace();
            if (at >= text.length()) {
                throw stopWith(node);
            }
            char c = text.charAt(at);
            if (c == '}') {
                at++;
                return node;
            }
            if (c == ',') {
                at++;
                continue;
            }
            if (c != '"') {
                throw stopWith(node);
            }
            StringBuilder key = new StringBuilder();
            if (!string(key)) {
                throw stopWith(node);
            }
            skipSpace();
            if (at >= text.length() || text.charAt(at) != ':') {
                throw stopWith(node);
            }
            at++;
            try {
                node.set(key.toString(), value());
            } catch (Stop inner) {
                if (!inner.partial.isMissingNode()) {
                    node.set(key.toString(), inner.partial);
                }
                throw stopWith(node);
            }
        }
    }

    private ArrayNode array() {
        ArrayNode node = JSON.arrayNode();
        at++;
        while (true) {
            skipSpace();
            if (at >= text.length()) {
                throw stopWith(node);
            }
            char c = text.charAt(at);
            if (c == ']') {
                at++;
                return node;
            }
            if (c == ',') {
                at++;
                continue;
            }
            try {
                node.add(value());
            } catch (Stop inner) {
                if (!inner.partial.isMissingNode()) {
                    node.add(inner.partial);
                }
                throw stopWith(node);
            }
        }
    }

    /** Reads a string at {@code at} into {@code out}; false when the text stops inside it. */
    private boolean string(StringBuilder out) {
        at++;
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return true;
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) {
                return false;
            }
            char e = text.charAt(at++);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        at = text.length();
                        return false;
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (NumberFormatException bad) {
                        at = text.length();
                        return false;
                    }
                    at += 4;
                }
                default -> out.append(e); // \" \\ \/
            }
        }
        return false;
    }

    private JsonNode scalar() {
        int start = at;
        while (at < text.length() && "{}[],: \t\r\n\"".indexOf(text.charAt(at)) < 0) {
            at++;
        }
        if (at >= text.length()) {
            throw new Stop(); // may still grow
        }
        String token = text.substring(start, at);
        switch (token) {
            case "true" -> {
                return JSON.booleanNode(true);
            }
            case "false" -> {
                return JSON.booleanNode(false);
            }
            case "null" -> {
                return JSON.nullNode();
            }
            default -> {
                try {
                    JsonNode n = NUMBERS.readTree(
                            token); // the node Jackson itself makes of it, so previews equal parsed values
                    if (n == null || !n.isNumber()) {
                        throw new Stop();
                    }
                    return n;
                } catch (JsonProcessingException e) {
                    at = text.length();
                    throw new Stop();
                }
            }
        }
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private static Stop stopWith(JsonNode partial) {
        Stop stop = new Stop();
        stop.partial = partial;
        return stop;
    }
}

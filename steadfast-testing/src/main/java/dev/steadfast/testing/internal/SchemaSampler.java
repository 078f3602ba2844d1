package dev.steadfast.testing.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Makes one JSON value that a JSON schema accepts, deterministically: the same schema and seed
 * always give the same value.
 *
 * <p>What it understands: {@code type} (a name or a list, where the first non-{@code null} type
 * wins), {@code const}, {@code enum} (the first non-null value), {@code properties} (every declared
 * property is filled, plus any {@code required} name not declared), {@code items} and
 * {@code prefixItems} (one item unless {@code minItems} asks for more), {@code $ref} to
 * {@code #}, {@code #/$defs/…}, {@code #/definitions/…} or any other pointer into the same
 * document, {@code anyOf}/{@code oneOf} (the first branch that is not the null type),
 * {@code allOf} (merged), the bounds {@code minimum}, {@code maximum}, {@code exclusiveMinimum},
 * {@code exclusiveMaximum}, {@code multipleOf}, {@code minLength}, {@code maxLength},
 * {@code minItems}, {@code maxItems} ({@code multipleOf} for integers only), and the string formats {@code date-time}, {@code date},
 * {@code time}, {@code email}, {@code uri}, {@code uuid}. {@code pattern} is not sampled: a
 * string with a pattern takes the schema's first {@code examples} entry, if it has one.
 *
 * <p>Values come from sequences that the seed shifts: strings {@code a, b, …, z, aa, ab, …}
 * starting at the seed-th, integers and numbers counting up from the seed (one sequence for both), booleans alternating
 * from {@code true} (from {@code false} with an odd seed); each sequence advances once per value
 * of its kind, in document order. Strings are padded to {@code minLength} by repeating them, and
 * numbers are moved into their bounds.
 *
 * <pre>{@code
 * JsonNode args = SchemaSampler.sample(tool.parametersSchema(), 0);
 * }</pre>
 */
public final class SchemaSampler {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Past this depth optional structure is dropped: nullable values become null, arrays minimal. */
    private static final int SHALLOW_DEPTH = 8;
    /** Past this depth the schema is taken to require an infinite value. */
    private static final int MAX_DEPTH = 64;

    private final JsonNode root;
    private final long seed;
    private long strings;
    private long numbers;
    private long booleans;

    private SchemaSampler(JsonNode root, long seed) {
        this.root = root;
        this.seed = seed;
    }

    /** A value {@code schema} accepts; {@code $ref}s resolve against {@code schema} itself. */
    public static JsonNode sample(JsonNode schema, long seed) {
        return new SchemaSampler(schema, seed).value(schema, "#", 0);
    }

    private JsonNode value(JsonNode schema, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("Cannot make a value for the schema: it nests deeper than "
                    + MAX_DEPTH + " levels at " + path + " (a required property that refers back to itself?)");
        }
        if (schema == null || schema.isBoolean() || schema.isEmpty()) {
            return JSON.textNode(nextString(1, Integer.MAX_VALUE)); // true or {}: anything goes
        }
        JsonNode s = resolve(schema, path);
        if (s.has("const")) {
            return s.get("const");
        }
        if (s.has("enum") && s.get("enum").isArray() && !s.get("enum").isEmpty()) {
            return firstNonNull(s.get("enum"), depth);
        }
        for (String choice : new String[] {"anyOf", "oneOf"}) {
            if (s.has(choice) && s.get(choice).isArray() && !s.get(choice).isEmpty()) {
                ObjectNode merged = without(s, choice);
                merged.setAll((ObjectNode) pickBranch(s.get(choice), path + "/" + choice, depth));
                return value(merged, path, depth + 1);
            }
        }
        if (s.has("allOf") && s.get("allOf").isArray()) {
            ObjectNode merged = without(s, "allOf");
            int i = 0;
            for (JsonNode part : s.get("allOf")) {
                mergeInto(merged, resolve(part, path + "/allOf/" + i++));
            }
            return value(merged, path, depth + 1);
        }
        return switch (typeOf(s, depth)) {
            case "null" -> NullNode.getInstance();
            case "object" -> object(s, path, depth);
            case "array" -> array(s, path, depth);
            case "integer" -> integerNode(integer(s));
            case "number" -> JSON.numberNode(number(s));
            case "boolean" -> JSON.booleanNode((seed + booleans++) % 2 == 0);
            default -> JSON.textNode(string(s));
        };
    }

    private JsonNode resolve(JsonNode schema, String path) {
        JsonNode s = schema;
        for (int hops = 0; s.has("$ref"); hops++) {
            String ref = s.get("$ref").asText();
            if (hops > MAX_DEPTH || !ref.startsWith("#")) {
                throw new IllegalArgumentException("Cannot resolve $ref '" + ref + "' at " + path
                        + ": only references into the same schema (#, #/$defs/…) are supported");
            }
            JsonNode target = ref.equals("#") ? root : root.at(ref.substring(1));
            if (target.isMissingNode()) {
                throw new IllegalArgumentException("$ref '" + ref + "' at " + path + " points to nothing in the schema");
            }
            ObjectNode siblings = without(s, "$ref");
            if (siblings.isEmpty()) {
                s = target;
            } else {
                s = target.isObject() ? ((ObjectNode) target.deepCopy()).setAll(siblings) : siblings;
            }
        }
        if (!s.isObject()) {
            throw new IllegalArgumentException("A schema must be an object or a boolean but was " + s + " at " + path);
        }
        return s;
    }

    private JsonNode pickBranch(JsonNode branches, String path, int depth) {
        JsonNode firstNonNull = null;
        JsonNode nullBranch = null;
        for (int i = 0; i < branches.size(); i++) {
            JsonNode b = resolve(branches.get(i), path + "/" + i);
            if ("null".equals(b.path("type").asText(null))) {
                nullBranch = nullBranch == null ? b : nullBranch;
            } else if (firstNonNull == null) {
                firstNonNull = b;
            }
        }
        if (depth >= SHALLOW_DEPTH && nullBranch != null) {
            return nullBranch;
        }
        return (firstNonNull != null ? firstNonNull : nullBranch).deepCopy();
    }

    private static JsonNode firstNonNull(JsonNode values, int depth) {
        if (depth >= SHALLOW_DEPTH) {
            for (JsonNode v : values) {
                if (v.isNull()) {
                    return v;
                }
            }
        }
        for (JsonNode v : values) {
            if (!v.isNull()) {
                return v;
            }
        }
        return values.get(0);
    }

    private static String typeOf(JsonNode s, int depth) {
        JsonNode type = s.get("type");
        if (type != null && type.isTextual()) {
            return type.asText();
        }
        if (type != null && type.isArray() && !type.isEmpty()) {
            String first = null;
            boolean nullable = false;
            for (JsonNode t : type) {
                if (t.asText().equals("null")) {
                    nullable = true;
                } else if (first == null) {
                    first = t.asText();
                }
            }
            return first == null || (nullable && depth >= SHALLOW_DEPTH) ? "null" : first;
        }
        if (s.has("properties") || s.has("required") || s.has("additionalProperties")) {
            return "object";
        }
        if (s.has("items") || s.has("prefixItems")) {
            return "array";
        }
        if (s.has("minimum") || s.has("maximum") || s.has("multipleOf")) {
            return "number";
        }
        return "string";
    }

    private JsonNode object(JsonNode s, String path, int depth) {
        ObjectNode out = JSON.objectNode();
        JsonNode properties = s.path("properties");
        JsonNode required = s.path("required");
        for (Map.Entry<String, JsonNode> p : properties.properties()) {
            if (depth < SHALLOW_DEPTH || contains(required, p.getKey())) {
                out.set(p.getKey(), value(p.getValue(), path + "/properties/" + p.getKey(), depth + 1));
            }
        }
        for (JsonNode name : required) {
            if (!out.has(name.asText())) {
                out.set(name.asText(), value(null, path + "/required/" + name.asText(), depth + 1));
            }
        }
        return out;
    }

    private JsonNode array(JsonNode s, String path, int depth) {
        int min = s.path("minItems").asInt(0);
        int max = s.path("maxItems").asInt(Integer.MAX_VALUE);
        int count = Math.min(max, depth < SHALLOW_DEPTH ? Math.max(1, min) : min);
        JsonNode items = s.get("items");
        JsonNode prefix = s.has("prefixItems") ? s.get("prefixItems") : items != null && items.isArray() ? items : null;
        if (items != null && items.isArray()) {
            items = null; // draft 4 tuple form, handled as prefix
        }
        ArrayNode out = JSON.arrayNode();
        if (prefix != null) {
            for (int i = 0; i < prefix.size() && i < max; i++) {
                out.add(value(prefix.get(i), path + "/prefixItems/" + i, depth + 1));
            }
        }
        boolean moreAllowed = items == null ? prefix == null : !(items.isBoolean() && !items.asBoolean());
        while (out.size() < count && moreAllowed) {
            out.add(value(items, path + "/items", depth + 1));
        }
        return out;
    }

    /** An int node when the value fits, as the JSON parser would read it back, so parts equal their round trip. */
    private static JsonNode integerNode(long v) {
        return v == (int) v ? JSON.numberNode((int) v) : JSON.numberNode(v);
    }

    private long integer(JsonNode s) {
        long v = seed + numbers++;
        long lo = Long.MIN_VALUE;
        long hi = Long.MAX_VALUE;
        if (s.has("minimum")) {
            lo = (long) Math.ceil(s.get("minimum").asDouble());
            if (s.path("exclusiveMinimum").asBoolean(false) && s.get("exclusiveMinimum").isBoolean()) {
                lo++; // draft 4: exclusiveMinimum is a flag on minimum
            }
        }
        if (s.path("exclusiveMinimum").isNumber()) {
            lo = Math.max(lo, (long) Math.floor(s.get("exclusiveMinimum").asDouble()) + 1);
        }
        if (s.has("maximum")) {
            hi = (long) Math.floor(s.get("maximum").asDouble());
            if (s.path("exclusiveMaximum").asBoolean(false) && s.get("exclusiveMaximum").isBoolean()) {
                hi--;
            }
        }
        if (s.path("exclusiveMaximum").isNumber()) {
            hi = Math.min(hi, (long) Math.ceil(s.get("exclusiveMaximum").asDouble()) - 1);
        }
        v = Math.min(Math.max(v, lo), hi);
        long step = s.path("multipleOf").asLong(0);
        if (step > 0 && v % step != 0) {
            long up = Math.floorDiv(v, step) * step + step;
            v = up <= hi ? up : up - step;
        }
        return v;
    }

    private double number(JsonNode s) {
        double v = seed + numbers++;
        double lo = s.path("minimum").asDouble(Double.NEGATIVE_INFINITY);
        double hi = s.path("maximum").asDouble(Double.POSITIVE_INFINITY);
        boolean loOpen = s.path("exclusiveMinimum").isBoolean() && s.get("exclusiveMinimum").asBoolean();
        boolean hiOpen = s.path("exclusiveMaximum").isBoolean() && s.get("exclusiveMaximum").asBoolean();
        if (s.path("exclusiveMinimum").isNumber()) {
            lo = Math.max(lo, s.get("exclusiveMinimum").asDouble());
            loOpen = true;
        }
        if (s.path("exclusiveMaximum").isNumber()) {
            hi = Math.min(hi, s.get("exclusiveMaximum").asDouble());
            hiOpen = true;
        }
        boolean below = loOpen ? v <= lo : v < lo;
        boolean above = hiOpen ? v >= hi : v > hi;
        if (below || above) {
            if (Double.isInfinite(lo) || Double.isInfinite(hi)) {
                v = below ? (loOpen ? lo + 1 : lo) : (hiOpen ? hi - 1 : hi);
            } else {
                v = below && !loOpen ? lo : above && !hiOpen ? hi : (lo + hi) / 2;
            }
        }
        return v;
    }

    private String string(JsonNode s) {
        int min = s.path("minLength").asInt(0);
        int max = s.path("maxLength").asInt(Integer.MAX_VALUE);
        if (s.has("pattern") && s.path("examples").path(0).isTextual()) {
            return s.path("examples").path(0).asText(); // a pattern is not sampled; the schema's own example fits it
        }
        String format = s.path("format").asText("");
        String formatted = switch (format) {
            case "date-time" -> "2024-01-01T00:00:00Z";
            case "date" -> "2024-01-01";
            case "time" -> "00:00:00Z"; // RFC 3339 full-time carries an offset
            case "email" -> nextString(1, Integer.MAX_VALUE) + "@example.com";
            case "uri", "url" -> "https://example.com/" + nextString(1, Integer.MAX_VALUE);
            case "uuid" -> String.format("00000000-0000-4000-8000-%012x", seed + strings++);
            default -> null;
        };
        return formatted != null ? formatted : nextString(min, max);
    }

    private String nextString(int minLength, int maxLength) {
        long n = seed + strings++;
        StringBuilder letters = new StringBuilder();
        do {
            letters.insert(0, (char) ('a' + n % 26));
            n = n / 26 - 1;
        } while (n >= 0);
        String word = letters.toString();
        String padded = word.length() >= minLength ? word
                : word.repeat(minLength / word.length() + 1).substring(0, minLength);
        return padded.length() > maxLength ? padded.substring(0, maxLength) : padded;
    }

    private static ObjectNode without(JsonNode schema, String key) {
        ObjectNode copy = ((ObjectNode) schema).deepCopy();
        copy.remove(key);
        return copy;
    }

    private static void mergeInto(ObjectNode target, JsonNode part) {
        for (Map.Entry<String, JsonNode> e : part.properties()) {
            JsonNode mine = target.get(e.getKey());
            if (mine instanceof ObjectNode o && e.getKey().equals("properties") && e.getValue().isObject()) {
                o.setAll((ObjectNode) e.getValue());
            } else if (mine instanceof ArrayNode a && e.getKey().equals("required")) {
                e.getValue().forEach(name -> {
                    if (!contains(a, name.asText())) {
                        a.add(name);
                    }
                });
            } else {
                target.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }

    private static boolean contains(JsonNode array, String name) {
        for (JsonNode n : array) {
            if (n.asText().equals(name)) {
                return true;
            }
        }
        return false;
    }
}

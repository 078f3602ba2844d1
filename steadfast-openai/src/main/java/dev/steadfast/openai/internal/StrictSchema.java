package dev.steadfast.openai.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites our JSON schemas for OpenAI's strict mode, which demands that every object says
 * {@code additionalProperties: false} and lists every property as required. A property we had as
 * optional becomes required but nullable, so the model may still leave it out by sending
 * {@code null}. {@code oneOf} becomes {@code anyOf} (strict mode knows only the latter).
 *
 * <p>A schema with an open map ({@code additionalProperties} set to a schema or {@code true})
 * cannot be made strict without changing its meaning; {@link #isCompatible} says so, and such a
 * tool is sent with {@code strict: false}.
 */
public final class StrictSchema {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] SCHEMA_LISTS = {"anyOf", "allOf", "prefixItems"};
    private static final String[] SCHEMA_MAPS = {"properties", "$defs", "definitions"};

    private StrictSchema() {}

    /** Whether {@code schema} can be made strict without changing what it accepts. */
    public static boolean isCompatible(JsonNode schema) {
        if (schema.isArray()) {
            for (JsonNode n : schema) {
                if (!isCompatible(n)) {
                    return false;
                }
            }
            return true;
        }
        if (!schema.isObject()) {
            return true;
        }
        JsonNode ap = schema.get("additionalProperties");
        if (ap != null && !(ap.isBoolean() && !ap.asBoolean())) {
            return false;
        }
        for (Map.Entry<String, JsonNode> field : schema.properties()) {
            if (!isCompatible(field.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** A strict copy of {@code schema}; the argument is not changed. */
    public static ObjectNode toStrict(ObjectNode schema) {
        ObjectNode copy = schema.deepCopy();
        copy.remove("$schema");
        rewrite(copy);
        return copy;
    }

    private static void rewrite(ObjectNode s) {
        if (s.has("oneOf") && !s.has("anyOf")) {
            s.set("anyOf", s.remove("oneOf"));
        }
        if (isObjectSchema(s)) {
            ObjectNode props = s.has("properties") && s.get("properties").isObject()
                    ? (ObjectNode) s.get("properties") : s.putObject("properties");
            Set<String> required = new HashSet<>();
            s.path("required").forEach(r -> required.add(r.asText()));
            ArrayNode all = F.arrayNode();
            for (Map.Entry<String, JsonNode> p : props.properties()) {
                all.add(p.getKey());
                if (p.getValue().isObject()) {
                    rewrite((ObjectNode) p.getValue());
                    if (!required.contains(p.getKey())) {
                        p.setValue(nullable((ObjectNode) p.getValue()));
                    }
                }
            }
            s.set("required", all);
            s.put("additionalProperties", false);
        }
        JsonNode items = s.get("items");
        if (items != null && items.isObject()) {
            rewrite((ObjectNode) items);
        }
        for (String key : SCHEMA_LISTS) {
            s.path(key).forEach(n -> {
                if (n.isObject()) {
                    rewrite((ObjectNode) n);
                }
            });
        }
        for (String key : SCHEMA_MAPS) {
            if (!key.equals("properties")) {
                s.path(key).forEach(n -> {
                    if (n.isObject()) {
                        rewrite((ObjectNode) n);
                    }
                });
            }
        }
    }

    private static boolean isObjectSchema(ObjectNode s) {
        JsonNode type = s.get("type");
        if (type != null && type.isTextual()) {
            return type.asText().equals("object");
        }
        if (type != null && type.isArray()) {
            for (JsonNode t : type) {
                if (t.asText().equals("object")) {
                    return true;
                }
            }
            return false;
        }
        return s.has("properties");
    }

    /** {@code s} also accepting {@code null}. */
    static ObjectNode nullable(ObjectNode s) {
        JsonNode type = s.get("type");
        if (s.has("$ref") || s.has("const") || (type == null && !s.has("anyOf"))) {
            ObjectNode wrapper = F.objectNode();
            if (s.has("description")) {
                wrapper.set("description", s.get("description"));
            }
            wrapper.putArray("anyOf").add(s).addObject().put("type", "null");
            return wrapper;
        }
        if (type == null) {
            ArrayNode anyOf = (ArrayNode) s.get("anyOf");
            boolean hasNull = false;
            for (JsonNode n : anyOf) {
                hasNull |= "null".equals(n.path("type").asText());
            }
            if (!hasNull) {
                anyOf.addObject().put("type", "null");
            }
            return s;
        }
        if (type.isTextual() && !type.asText().equals("null")) {
            s.putArray("type").add(type.asText()).add("null");
        } else if (type.isArray()) {
            boolean hasNull = false;
            for (JsonNode t : type) {
                hasNull |= t.asText().equals("null");
            }
            if (!hasNull) {
                ((ArrayNode) type).add("null");
            }
        }
        if (s.get("enum") instanceof ArrayNode values) {
            boolean hasNull = false;
            for (JsonNode v : values) {
                hasNull |= v.isNull();
            }
            if (!hasNull) {
                values.addNull();
            }
        }
        return s;
    }
}

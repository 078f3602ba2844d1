package dev.steadfast.model.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * OpenAI's documented rules for strict schemas (Structured Outputs, "Supported schemas"), checked on
 * a finished schema and written independently of {@link StrictSchema}'s rewriting, so each checks the
 * other: the root is an object, not {@code anyOf}; every object has {@code additionalProperties: false}
 * and lists all its properties in {@code required}; only the supported keywords appear; a
 * {@code $ref} stands alone; nesting is at most {@value #MAX_DEPTH} levels; every value has a type.
 */
public final class StrictRules {
    static final int MAX_DEPTH = 10;
    /** The keywords strict mode accepts (string {@code pattern}/{@code format} are left out: not for every model). */
    static final Set<String> SUPPORTED = Set.of("type", "properties", "required", "additionalProperties", "items",
            "anyOf", "enum", "$ref", "$defs", "description", "title", "minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum", "multipleOf", "minItems", "maxItems");

    private StrictRules() {}

    /** Where {@code schema} breaks the rules, one line each with its JSON pointer; empty when it keeps them. */
    public static List<String> breaches(JsonNode schema) {
        var breaches = new ArrayList<String>();
        if (!"object".equals(schema.path("type").asText()) || schema.has("anyOf")) {
            breaches.add("#: the root must be an object, not anyOf");
        }
        check(schema, "#", 0, breaches);
        schema.path("$defs").properties().forEach(e -> check(e.getValue(), "#/$defs/" + e.getKey(), 0, breaches));
        return breaches;
    }

    private static void check(JsonNode s, String at, int depth, List<String> breaches) {
        if (depth > MAX_DEPTH) {
            breaches.add(at + ": more than " + MAX_DEPTH + " levels of nesting");
            return;
        }
        s.fieldNames().forEachRemaining(k -> {
            if (!SUPPORTED.contains(k) || (k.equals("$defs") && !at.equals("#"))) {
                breaches.add(at + ": keyword '" + k + "' is not supported");
            }
        });
        if (!s.has("type") && !s.has("anyOf") && !s.has("$ref") && !s.has("enum")) {
            breaches.add(at + ": no type");
        }
        if (s.has("$ref") && s.size() > 1) {
            breaches.add(at + ": $ref with sibling keywords");
        }
        JsonNode type = s.path("type");
        boolean object = type.asText().equals("object") || (type.isArray() && type.toString().contains("\"object\""));
        if (object) {
            JsonNode ap = s.path("additionalProperties");
            if (!ap.isBoolean() || ap.asBoolean()) {
                breaches.add(at + ": additionalProperties must be false");
            }
            var names = new ArrayList<String>();
            s.path("properties").fieldNames().forEachRemaining(names::add);
            var required = new ArrayList<String>();
            s.path("required").forEach(r -> required.add(r.asText()));
            if (!required.containsAll(names)) {
                breaches.add(at + ": every property must be required, " + names + " but required " + required);
            }
            s.path("properties").properties().forEach(p -> check(p.getValue(), at + "/properties/" + p.getKey(), depth + 1, breaches));
        }
        if (s.has("items")) {
            check(s.get("items"), at + "/items", depth + 1, breaches);
        }
        for (int i = 0; i < s.path("anyOf").size(); i++) {
            check(s.path("anyOf").get(i), at + "/anyOf/" + i, depth, breaches);
        }
    }
}

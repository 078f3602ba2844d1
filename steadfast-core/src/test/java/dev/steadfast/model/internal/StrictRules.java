package dev.steadfast.model.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * OpenAI's documented rules for strict schemas (Structured Outputs, "Supported schemas"), as a check
 * independent of {@link StrictSchema}: the root is an object, not {@code anyOf}; every object has
 * {@code additionalProperties: false} and lists all its properties in {@code required}; only the
 * supported keywords appear; nesting is at most 10 levels; every value has a type.
 */
public final class StrictRules {
    private static final Set<String> SUPPORTED = Set.of("type", "properties", "required", "additionalProperties", "items",
            "anyOf", "enum", "$ref", "$defs", "description", "title", "minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum", "multipleOf", "minItems", "maxItems");

    private StrictRules() {}

    /** Asserts that {@code schema} follows the rules; the message lists every breach with its path. */
    public static void assertStrict(JsonNode schema) {
        var breaches = new ArrayList<String>();
        if (!"object".equals(schema.path("type").asText()) || schema.has("anyOf")) {
            breaches.add("#: the root must be an object, not anyOf");
        }
        check(schema, "#", 0, breaches);
        schema.path("$defs").properties().forEach(e -> check(e.getValue(), "#/$defs/" + e.getKey(), 0, breaches));
        assertThat(breaches).as("OpenAI strict-mode rules for %s", schema).isEmpty();
    }

    private static void check(JsonNode s, String at, int depth, List<String> breaches) {
        if (depth > 10) {
            breaches.add(at + ": more than 10 levels of nesting");
        }
        s.fieldNames().forEachRemaining(k -> {
            if (!SUPPORTED.contains(k)) {
                breaches.add(at + ": keyword '" + k + "' is not supported");
            }
        });
        if (!s.has("type") && !s.has("anyOf") && !s.has("$ref") && !s.has("enum")) {
            breaches.add(at + ": no type");
        }
        if (s.has("$ref") && s.size() > 1) {
            breaches.add(at + ": $ref with sibling keywords");
        }
        boolean object = s.path("type").asText().equals("object") || (s.path("type").isArray()
                && s.path("type").toString().contains("\"object\""));
        if (object) {
            if (!s.path("additionalProperties").isBoolean() || s.path("additionalProperties").asBoolean()) {
                breaches.add(at + ": additionalProperties must be false");
            }
            var names = new ArrayList<String>();
            s.path("properties").fieldNames().forEachRemaining(names::add);
            var required = new ArrayList<String>();
            s.path("required").forEach(r -> required.add(r.asText()));
            if (!required.containsAll(names)) {
                breaches.add(at + ": every property must be required, " + names + " vs " + required);
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

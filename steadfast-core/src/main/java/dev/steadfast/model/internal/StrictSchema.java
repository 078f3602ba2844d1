package dev.steadfast.model.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites our JSON schemas into the subset OpenAI's strict mode accepts: every object says
 * {@code additionalProperties: false} and lists every property as required (a property we had as
 * optional becomes required but nullable, so the model leaves it out by sending {@code null});
 * {@code oneOf} becomes {@code anyOf}, {@code const} a one-value {@code enum}, a {@code $ref} with
 * siblings an {@code anyOf} of one. Keywords outside the subset that only narrow a value
 * ({@code minLength}, {@code pattern}, {@code format}, ...) move into the description, where the
 * model still reads them; Jackson and Bean Validation still check them when the answer comes back.
 *
 * <p>What strict mode cannot express without changing what the schema accepts (an open map, a value
 * of any type, a tuple, {@code allOf}/{@code not}/conditionals, more than {@value #MAX_DEPTH} levels
 * of nesting) is not rewritten: {@link #convert} says why, and the caller sends the schema with
 * {@code strict: false}.
 */
public final class StrictSchema {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final int MAX_DEPTH = StrictRules.MAX_DEPTH;
    private static final Set<String> INEXPRESSIBLE = Set.of("allOf", "not", "if", "then", "else", "prefixItems",
            "patternProperties", "dependentSchemas", "dependentRequired", "unevaluatedProperties", "unevaluatedItems",
            "contains", "additionalItems");
    private static final Set<String> TYPED = Set.of("type", "anyOf", "oneOf", "$ref", "enum", "const");

    private StrictSchema() {}

    /**
     * A schema rewritten for strict mode, or the original and why it cannot be.
     *
     * @param schema what to send
     * @param notStrictBecause {@code null} when {@code schema} is strict; else the reason, naming where
     */
    public record Result(ObjectNode schema, String notStrictBecause) {
        /** Whether the schema may be sent with {@code strict: true}. */
        public boolean strict() {
            return notStrictBecause == null;
        }
    }

    /** {@code schema} rewritten for strict mode (the argument is not changed), or why it cannot be. */
    public static Result convert(ObjectNode schema) {
        ObjectNode copy = schema.deepCopy();
        copy.remove("$schema");
        var problems = new ArrayList<String>();
        if (!"object".equals(copy.path("type").asText())) {
            problems.add("the root is not an object");
        }
        rewrite(copy, "#", 0, problems);
        if (problems.isEmpty()) {
            // a rewrite that still breaks OpenAI's rules would be a 400 for every request: send it non-strict instead
            problems.addAll(StrictRules.breaches(copy));
        }
        return problems.isEmpty() ? new Result(copy, null) : new Result(schema, problems.getFirst());
    }

    private static void rewrite(ObjectNode s, String at, int depth, List<String> problems) {
        if (!problems.isEmpty()) {
            return;
        }
        if (depth > MAX_DEPTH) {
            problems.add("it nests deeper than " + MAX_DEPTH + " levels at " + at);
            return;
        }
        for (String key : INEXPRESSIBLE) {
            if (s.has(key)) {
                problems.add("'" + key + "' at " + at + " has no strict equivalent");
                return;
            }
        }
        if (TYPED.stream().noneMatch(s::has)) {
            problems.add("the value at " + at + " may be of any type");
            return;
        }
        if (s.has("oneOf") && !s.has("anyOf")) {
            s.set("anyOf", s.remove("oneOf"));
        }
        if (s.has("const")) {
            s.putArray("enum").add(s.remove("const"));
        }
        if (s.has("$ref") && s.size() > 1 && !s.has("anyOf")) {
            s.putArray("anyOf").addObject().set("$ref", s.remove("$ref"));
        }
        JsonNode ap = s.get("additionalProperties");
        if (ap != null && !(ap.isBoolean() && !ap.asBoolean())) {
            problems.add("the object at " + at + " is an open map (its keys are not known in advance)");
            return;
        }
        if (isObjectSchema(s)) {
            ObjectNode props = s.get("properties") instanceof ObjectNode p ? p : s.putObject("properties");
            Set<String> required = new HashSet<>();
            s.path("required").forEach(r -> required.add(r.asText()));
            ArrayNode all = F.arrayNode();
            for (Map.Entry<String, JsonNode> p : props.properties()) {
                all.add(p.getKey());
                if (p.getValue() instanceof ObjectNode child) {
                    rewrite(child, at + "/properties/" + p.getKey(), depth + 1, problems);
                    if (!required.contains(p.getKey())) {
                        p.setValue(nullable(child));
                    }
                }
            }
            s.set("required", all);
            s.put("additionalProperties", false);
        }
        if (s.get("items") instanceof ObjectNode items) {
            rewrite(items, at + "/items", depth + 1, problems);
        }
        if (s.get("anyOf") instanceof ArrayNode anyOf) {
            for (int i = 0; i < anyOf.size(); i++) {
                if (anyOf.get(i) instanceof ObjectNode branch) {
                    rewrite(branch, at + "/anyOf/" + i, depth, problems);
                }
            }
        }
        if (s.get("$defs") instanceof ObjectNode defs) {
            for (Map.Entry<String, JsonNode> d : defs.properties()) {
                if (d.getValue() instanceof ObjectNode def) {
                    rewrite(def, "#/$defs/" + d.getKey(), 0, problems);
                }
            }
        }
        moveUnsupportedToDescription(s);
    }

    /** Narrowing keywords strict mode rejects, as text in the description (the model still reads them). */
    private static void moveUnsupportedToDescription(ObjectNode s) {
        var moved = new ArrayList<String>();
        var keys = new ArrayList<String>();
        s.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            if (!StrictRules.SUPPORTED.contains(key)) {
                JsonNode v = s.remove(key);
                moved.add(key + ": " + (v.isTextual() ? v.asText() : v.toString()));
            }
        }
        if (!moved.isEmpty()) {
            String before = s.path("description").asText("");
            s.put("description", (before.isEmpty() ? "" : before + " ") + "(" + String.join("; ", moved) + ")");
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

    /** {@code s} also accepting {@code null} (changed in place where it can be, else wrapped). */
    public static ObjectNode nullable(ObjectNode s) {
        JsonNode type = s.get("type");
        if (s.has("$ref") || s.has("const") || (type == null && !s.has("anyOf"))) {
            ObjectNode wrapper = F.objectNode();
            for (String outer : new String[] {"description", "$defs"}) { // $defs stay where references expect them
                if (s.has(outer)) {
                    wrapper.set(outer, s.remove(outer));
                }
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

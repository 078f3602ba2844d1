package dev.steadfast.agent.internal;

import com.fasterxml.classmate.ResolvedType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.generator.TypeScope;
import com.github.victools.jsonschema.generator.impl.PropertySortUtils;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationOption;
import dev.steadfast.message.Messages;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * JSON schemas from Java types (victools, with Jackson and Jakarta Validation annotations), each
 * accepting what Jackson binds to the type: {@code Optional}s, {@code OptionalInt} and fields marked
 * {@code @Nullable} may be null or left out, every other component must be sent; a
 * {@code Map<String, T>} is an object whose values are {@code T}s; a sealed interface is an
 * {@code anyOf} of its records ({@link UnionSchemas}); JDK value types have the form Jackson writes
 * ({@link JavaTypeSchemas}); recursive records refer to themselves through {@code $defs}.
 */
public final class Schemas {
    private static final SchemaGenerator GENERATOR = newGenerator();

    private Schemas() {}

    private static SchemaGenerator newGenerator() {
        var builder = new SchemaGeneratorConfigBuilder(Messages.mapper(), SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(new JacksonModule(JacksonOption.RESPECT_JSONPROPERTY_REQUIRED, JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE,
                        JacksonOption.FLATTENED_ENUMS_FROM_JSONPROPERTY,
                        // subtypes are Jackson's own answer (UnionSchemas), sealed permits included
                        JacksonOption.SKIP_SUBTYPE_LOOKUP, JacksonOption.IGNORE_TYPE_INFO_TRANSFORM))
                .with(new JakartaValidationModule(JakartaValidationOption.INCLUDE_PATTERN_EXPRESSIONS))
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT, Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES,
                        // "Page(String)" is no $defs key every provider accepts; "Page_String_" is
                        Option.PLAIN_DEFINITION_KEYS)
                .without(Option.SCHEMA_VERSION_INDICATOR);
        builder.forTypesInGeneral()
                .withCustomDefinitionProvider(JavaTypeSchemas::definition)
                .withCustomDefinitionProvider(UnionSchemas::definition)
                .withTypeAttributeOverride((node, scope, context) -> typeAttributes(node, scope))
                // Declaration order, not alphabetical: models read a record's fields in the order it declares them.
                .withPropertySorter(PropertySortUtils.SORT_PROPERTIES_FIELDS_BEFORE_METHODS);
        builder.forFields()
                .withRequiredCheck(f -> !mayBeAbsent(f))
                .withNullableCheck(Schemas::mayBeAbsent);
        return new SchemaGenerator(builder.build());
    }

    private static boolean mayBeAbsent(FieldScope f) {
        return JavaTypeSchemas.isOptional(f.getType().getErasedType()) || isNullable(f.getRawMember())
                || isNullable(f.getRawMember().getAnnotatedType());
    }

    /** Whether a tool method's parameter may be null or left out: an {@code Optional}, or marked {@code @Nullable}. */
    static boolean mayBeAbsent(java.lang.reflect.Parameter p) {
        return JavaTypeSchemas.isOptional(p.getType()) || isNullable(p) || isNullable(p.getAnnotatedType());
    }

    /**
     * Whether an element carries a {@code @Nullable} annotation of any library (JSpecify, Jakarta,
     * JSR-305, JetBrains...): they all mean the same, and we depend on none of them.
     */
    static boolean isNullable(AnnotatedElement element) {
        for (Annotation a : element.getAnnotations()) {
            if (a.annotationType().getSimpleName().equals("Nullable")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A map's keys are strings to JSON; enum keys can only be the enum's names. A union is its
     * branches: "no additional properties" beside an {@code anyOf} would forbid every property.
     */
    private static void typeAttributes(ObjectNode node, TypeScope scope) {
        if (node.has("anyOf") && !node.has("properties")) {
            node.remove("additionalProperties");
        }
        if (!scope.getType().isInstanceOf(Map.class)) {
            return;
        }
        var params = scope.getType().typeParametersFor(Map.class);
        if (params == null || params.isEmpty()) {
            return;
        }
        ResolvedType key = params.getFirst();
        if (key.isInstanceOf(Enum.class)) {
            var names = node.putObject("propertyNames").putArray("enum");
            for (Object constant : key.getErasedType().getEnumConstants()) {
                names.add(Messages.mapper().convertValue(constant, String.class));
            }
        }
    }

    /**
     * The schema of {@code type}, with shared definitions under {@code $defs}. An {@code Optional<T>}
     * is described as its {@code T}: whoever holds it (a tool's parameters) makes it nullable.
     */
    public static ObjectNode of(Type type) {
        if (type instanceof java.lang.reflect.ParameterizedType p && p.getRawType() == java.util.Optional.class) {
            return GENERATOR.generateSchema(p.getActualTypeArguments()[0]);
        }
        return GENERATOR.generateSchema(type);
    }

    /** Whether a schema describes a JSON object (so it can be a tool's arguments as it is). */
    public static boolean isObject(JsonNode schema) {
        return "object".equals(schema.path("type").asText()) && schema.has("properties");
    }

    /**
     * {@code schema} made safe to embed under another schema (as a tool parameter): a recursive type's
     * references to its own root ({@code "$ref": "#"}) would point at the tool's arguments once
     * embedded, so the type moves into {@code $defs} under {@code name} and is referenced there.
     */
    static ObjectNode embeddable(ObjectNode schema, String name) {
        if (!refersTo(schema, "#")) {
            return schema;
        }
        ObjectNode body = schema.deepCopy();
        ObjectNode defs = body.remove("$defs") instanceof ObjectNode d ? d : Messages.mapper().createObjectNode();
        String key = name;
        for (int i = 2; defs.has(key); i++) {
            key = name + "_" + i;
        }
        Map<String, String> renamed = Map.of("#", "#/$defs/" + key);
        renameRefs(body, renamed);
        renameRefs(defs, renamed);
        defs.set(key, body);
        ObjectNode out = Messages.mapper().createObjectNode().put("$ref", "#/$defs/" + key);
        out.set("$defs", defs);
        return out;
    }

    /**
     * Builds an object schema from named parts (a tool's parameters): each part's {@code $defs} are
     * lifted to the top so their {@code #/$defs/...} references still resolve; a definition whose name
     * another part already uses for a different type is renamed, with its references.
     */
    public static ObjectNode object(Map<String, ObjectNode> properties, Iterable<String> required) {
        ObjectNode root = Messages.mapper().createObjectNode();
        root.put("type", "object");
        ObjectNode props = root.putObject("properties");
        ObjectNode defs = Messages.mapper().createObjectNode();
        properties.forEach((name, schema) -> {
            ObjectNode copy = schema.deepCopy();
            if (copy.remove("$defs") instanceof ObjectNode partDefs) {
                var renamed = new java.util.HashMap<String, String>();
                for (Map.Entry<String, JsonNode> e : partDefs.properties()) {
                    if (defs.has(e.getKey()) && !defs.get(e.getKey()).equals(e.getValue())) {
                        String key = e.getKey();
                        for (int i = 2; defs.has(key) || partDefs.has(key); i++) {
                            key = e.getKey() + "_" + i;
                        }
                        renamed.put("#/$defs/" + e.getKey(), "#/$defs/" + key);
                    }
                }
                renameRefs(copy, renamed);
                renameRefs(partDefs, renamed);
                for (Map.Entry<String, JsonNode> e : partDefs.properties()) {
                    String ref = renamed.getOrDefault("#/$defs/" + e.getKey(), "#/$defs/" + e.getKey());
                    defs.set(ref.substring("#/$defs/".length()), e.getValue());
                }
            }
            props.set(name, copy);
        });
        var req = root.putArray("required");
        required.forEach(req::add);
        root.put("additionalProperties", false);
        if (!defs.isEmpty()) {
            root.set("$defs", defs);
        }
        return root;
    }

    private static boolean refersTo(JsonNode node, String ref) {
        if (node.isObject() && ref.equals(node.path("$ref").asText(null))) {
            return true;
        }
        for (JsonNode child : node) {
            if (refersTo(child, ref)) {
                return true;
            }
        }
        return false;
    }

    /** Rewrites every {@code $ref} named in {@code renamed} (old reference to new) in place. */
    private static void renameRefs(JsonNode node, Map<String, String> renamed) {
        if (renamed.isEmpty()) {
            return;
        }
        if (node instanceof ObjectNode o && o.path("$ref").isTextual() && renamed.containsKey(o.get("$ref").asText())) {
            o.put("$ref", renamed.get(o.get("$ref").asText()));
        }
        for (JsonNode child : node) {
            renameRefs(child, renamed);
        }
    }
}

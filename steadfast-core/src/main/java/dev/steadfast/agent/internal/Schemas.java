package dev.steadfast.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.impl.PropertySortUtils;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationOption;
import dev.steadfast.message.Messages;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Optional;

/**
 * JSON schemas from Java types (victools, with Jackson and Jakarta Validation annotations). Record
 * components and fields are required unless their type is {@link Optional}: a model must send
 * every value the Java type cannot do without.
 */
public final class Schemas {
    private static final SchemaGenerator GENERATOR = newGenerator();

    private Schemas() {}

    private static SchemaGenerator newGenerator() {
        var builder = new SchemaGeneratorConfigBuilder(Messages.mapper(), SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(new JacksonModule(JacksonOption.RESPECT_JSONPROPERTY_REQUIRED, JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE))
                .with(new JakartaValidationModule(JakartaValidationOption.INCLUDE_PATTERN_EXPRESSIONS))
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
                .without(Option.SCHEMA_VERSION_INDICATOR);
        builder.forFields().withRequiredCheck(f -> !f.getType().isInstanceOf(Optional.class));
        // Declaration order, not alphabetical: models read a record's fields in the order it declares them.
        builder.forTypesInGeneral().withPropertySorter(PropertySortUtils.SORT_PROPERTIES_FIELDS_BEFORE_METHODS);
        return new SchemaGenerator(builder.build());
    }

    /** The schema of {@code type}, with shared definitions under {@code $defs}. */
    public static ObjectNode of(Type type) {
        return GENERATOR.generateSchema(type);
    }

    /** Whether a schema describes a JSON object (so it can be a tool's arguments as it is). */
    public static boolean isObject(JsonNode schema) {
        return "object".equals(schema.path("type").asText()) && schema.has("properties");
    }

    /**
     * Builds an object schema from named parts (a tool's parameters): each part's {@code $defs} are
     * lifted to the top so their {@code #/$defs/...} references still resolve.
     */
    public static ObjectNode object(Map<String, ObjectNode> properties, Iterable<String> required) {
        ObjectNode root = Messages.mapper().createObjectNode();
        root.put("type", "object");
        ObjectNode props = root.putObject("properties");
        ObjectNode defs = Messages.mapper().createObjectNode();
        properties.forEach((name, schema) -> {
            ObjectNode copy = schema.deepCopy();
            JsonNode partDefs = copy.remove("$defs");
            if (partDefs != null) {
                for (Map.Entry<String, JsonNode> e : partDefs.properties()) {
                    defs.set(e.getKey(), e.getValue());
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
}

package dev.steadfast.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.steadfast.message.Messages;
import dev.steadfast.model.OutputMode;
import java.util.List;

/**
 * One type's schema held against Jackson, through the path a model's answer takes
 * ({@link OutputSpec#parseToolCall}: required fields, Jackson, Bean Validation). A value the schema
 * accepts must bind (else the model is offered a schema whose answers we reject); what Jackson
 * rejects the schema must reject too; a value Jackson writes must pass the schema and read back
 * equal. JSON Schema validation is networknt's json-schema-validator (2020-12, formats asserted).
 */
final class SchemaCheck<T> {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private final Class<T> type;
    private final OutputSpec<T> spec;
    private final ObjectNode schema;
    private final Schema validator;

    private SchemaCheck(Class<T> type) {
        this.type = type;
        this.spec = OutputSpec.of(type, OutputMode.TOOL);
        this.schema = spec.parameters(List.of()).outputTools().getFirst().parametersSchema();
        this.validator = REGISTRY.getSchema(schema);
    }

    static <T> SchemaCheck<T> of(Class<T> type) {
        return new SchemaCheck<>(type);
    }

    ObjectNode schema() {
        return schema;
    }

    /** Each JSON object passes the schema and binds. */
    SchemaCheck<T> accepts(String... jsons) {
        for (String json : jsons) {
            JsonNode node = read(json);
            assertThat(errors(node)).as("schema %s accepts %s", schema, json).isEmpty();
            spec.parseToolCall("final_result", node);
        }
        return this;
    }

    /** Each JSON object fails the schema and fails to bind. */
    SchemaCheck<T> rejects(String... jsons) {
        for (String json : jsons) {
            JsonNode node = read(json);
            assertThat(errors(node)).as("schema %s rejects %s", schema, json).isNotEmpty();
            assertThatThrownBy(() -> spec.parseToolCall("final_result", node)).as("Jackson rejects %s", json)
                    .isInstanceOf(ToolSpec.InvalidArguments.class);
        }
        return this;
    }

    /** {@code value} as Jackson writes it passes the schema and reads back equal. */
    SchemaCheck<T> roundTrips(T value) {
        JsonNode written = Messages.mapper().valueToTree(value);
        assertThat(errors(written)).as("schema %s accepts what Jackson writes: %s", schema, written).isEmpty();
        assertThat(spec.parseToolCall("final_result", written)).isEqualTo(value);
        return this;
    }

    private List<Error> errors(JsonNode node) {
        return validator.validate(node);
    }

    /** Where {@code value} breaks {@code schema} (2020-12, formats asserted); empty when it passes. */
    static List<Error> errors(JsonNode schema, JsonNode value) {
        return REGISTRY.getSchema(schema).validate(value);
    }

    private static JsonNode read(String json) {
        try {
            return Messages.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public String toString() {
        return type.getName() + ": " + schema;
    }
}

package dev.steadfast.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.message.Messages;
import org.junit.jupiter.api.Test;

class StrictSchemaTest {
    private static ObjectNode json(String s) {
        try {
            return (ObjectNode) Messages.mapper().readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void optionalPropertiesBecomeRequiredAndNullable() {
        ObjectNode in = json("""
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                 "properties": {"a": {"type": "string"}, "b": {"type": "integer"},
                                "c": {"$ref": "#/$defs/C"}, "d": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                                "e": {"oneOf": [{"type": "string"}, {"type": "boolean"}]}},
                 "required": ["a"],
                 "$defs": {"C": {"type": "object", "properties": {"x": {"type": "number"}}}}}""");

        ObjectNode out = StrictSchema.toStrict(in);

        assertThat(out).isEqualTo(json("""
                {"type": "object",
                 "properties": {"a": {"type": "string"}, "b": {"type": ["integer", "null"]},
                                "c": {"anyOf": [{"$ref": "#/$defs/C"}, {"type": "null"}]},
                                "d": {"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]},
                                "e": {"anyOf": [{"type": "string"}, {"type": "boolean"}, {"type": "null"}]}},
                 "required": ["a", "b", "c", "d", "e"], "additionalProperties": false,
                 "$defs": {"C": {"type": "object", "properties": {"x": {"type": ["number", "null"]}},
                                 "required": ["x"], "additionalProperties": false}}}"""));
        assertThat(in.has("$schema")).as("the input is not changed").isTrue();
    }

    @Test
    void openMapsCannotBeStrict() {
        assertThat(StrictSchema.isCompatible(json("""
                {"type": "object", "properties": {"tags": {"type": "object", "additionalProperties": {"type": "string"}}}}""")))
                .isFalse();
        assertThat(StrictSchema.isCompatible(json("""
                {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false}"""))).isTrue();
    }
}

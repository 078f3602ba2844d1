package dev.steadfast.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.message.Messages;
import dev.steadfast.model.ToolDefinition;
import org.junit.jupiter.api.Test;

/** A schema is converted once per definition an agent builds, not once per request. */
class StrictSchemasTest {
    private static ObjectNode schema() {
        try {
            return (ObjectNode) Messages.mapper().readTree("""
                    {"type": "object", "properties": {"q": {"type": "string", "minLength": 1}}, "required": ["q"]}""");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theSameSchemaObjectIsConvertedOnce() {
        ToolDefinition def = new ToolDefinition("search", "Search", schema(), true);

        var first = StrictSchemas.of(def);
        var again = StrictSchemas.of(new ToolDefinition("search", "Search", def.parametersSchema(), true));

        assertThat(first.strict()).isTrue();
        assertThat(again).as("cached by the schema's identity").isSameAs(first);
        assertThat(first.schema()).isNotSameAs(def.parametersSchema());
        assertThat(def.parametersSchema().at("/properties/q/minLength").asInt()).as("the agent's schema is not changed").isEqualTo(1);
    }

    @Test
    void anEqualButDistinctSchemaIsConvertedOnItsOwnAndANonStrictOneIsSentAsItIs() {
        var one = StrictSchemas.of(new ToolDefinition("a", "", schema(), true));
        var other = StrictSchemas.of(new ToolDefinition("b", "", schema(), true));
        assertThat(other).isNotSameAs(one).isEqualTo(one);

        ToolDefinition loose = new ToolDefinition("c", "", schema(), false);
        assertThat(StrictSchemas.of(loose).strict()).isFalse();
        assertThat(StrictSchemas.of(loose).schema()).isSameAs(loose.parametersSchema());
    }
}

package dev.steadfast.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.message.Messages;
import org.junit.jupiter.api.Test;

class SchemaSamplerTest {
    /** Schemas are written as JSON text here for readability; they become the same ObjectNodes a generator builds. */
    private static ObjectNode schema(String json) {
        try {
            return (ObjectNode) Messages.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static String sample(String schemaJson) {
        return SchemaSampler.sample(schema(schemaJson), 0).toString();
    }

    @Test
    void fillsEveryPropertyWithTheFirstValueOfItsKind() {
        String s = """
                {"type":"object","properties":{
                  "name":{"type":"string"},"age":{"type":"integer"},"score":{"type":"number"},
                  "ok":{"type":"boolean"},"alsoOk":{"type":"boolean"},"nick":{"type":"string"}},
                 "required":["name"]}""";

        assertThat(sample(s)).isEqualTo("{\"name\":\"a\",\"age\":0,\"score\":1.0,\"ok\":true,\"alsoOk\":false,\"nick\":\"b\"}");
    }

    @Test
    void theSeedShiftsEverySequence() {
        ObjectNode s = schema("""
                {"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"},"ok":{"type":"boolean"}}}""");

        assertThat(SchemaSampler.sample(s, 27).toString()).isEqualTo("{\"name\":\"ab\",\"age\":27,\"ok\":false}");
        assertThat(SchemaSampler.sample(s, 25).toString()).isEqualTo("{\"name\":\"z\",\"age\":25,\"ok\":false}");
        assertThat(SchemaSampler.sample(s, 2).toString()).isEqualTo("{\"name\":\"c\",\"age\":2,\"ok\":true}");
        assertThat(SchemaSampler.sample(s, 27)).as("deterministic").isEqualTo(SchemaSampler.sample(s, 27));
    }

    @Test
    void requiredNamesWithoutADeclarationGetAString() {
        assertThat(sample("{\"required\":[\"id\"]}")).isEqualTo("{\"id\":\"a\"}");
        assertThat(sample("{}")).isEqualTo("\"a\"");
    }

    @Test
    void enumsAndConstsPickTheirFirstNonNullValue() {
        assertThat(sample("""
                {"type":"object","properties":{
                  "color":{"type":"string","enum":["RED","GREEN"]},
                  "size":{"enum":[null,"L"]},
                  "v":{"const":3},
                  "level":{"type":"integer","enum":[5,7]}}}"""))
                .isEqualTo("{\"color\":\"RED\",\"size\":\"L\",\"v\":3,\"level\":5}");
    }

    @Test
    void resolvesDefsAndDefinitionsRefsThroughNestedArrays() {
        String s = """
                {"$defs":{"Point":{"type":"object","properties":{"x":{"type":"integer"},"y":{"type":"integer"}},
                                   "required":["x","y"]}},
                 "definitions":{"Tag":{"type":"string","minLength":2}},
                 "type":"object",
                 "properties":{
                   "points":{"type":"array","items":{"$ref":"#/$defs/Point"}},
                   "grid":{"type":"array","items":{"type":"array","items":{"type":"string"}}},
                   "tag":{"$ref":"#/definitions/Tag","description":"a sibling of $ref is kept"}},
                 "required":["points","grid","tag"]}""";

        assertThat(sample(s)).isEqualTo("{\"points\":[{\"x\":0,\"y\":1}],\"grid\":[[\"a\"]],\"tag\":\"bb\"}");
    }

    @Test
    void nullableTypesAndUnionsPickTheFirstNonNullBranch() {
        String s = """
                {"$defs":{"Point":{"type":"object","properties":{"x":{"type":"integer"}}}},
                 "type":"object","properties":{
                   "a":{"type":["string","null"]},
                   "b":{"type":["null","integer"]},
                   "c":{"anyOf":[{"type":"null"},{"$ref":"#/$defs/Point"}]},
                   "d":{"oneOf":[{"type":"boolean"},{"type":"string"}]},
                   "e":{"type":["null"]},
                   "f":{"anyOf":[{"type":"null"}]}}}""";

        assertThat(sample(s)).isEqualTo("{\"a\":\"a\",\"b\":0,\"c\":{\"x\":1},\"d\":true,\"e\":null,\"f\":null}");
    }

    @Test
    void allOfMergesPropertiesAndRequiredWithoutChangingTheSchema() {
        ObjectNode s = schema("""
                {"$defs":{"A":{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}},
                 "allOf":[{"$ref":"#/$defs/A"},{"properties":{"b":{"type":"integer","minimum":4}},"required":["b"]}]}""");
        ObjectNode before = s.deepCopy();

        assertThat(SchemaSampler.sample(s, 0).toString()).isEqualTo("{\"a\":\"a\",\"b\":4}");
        assertThat(s).isEqualTo(before);
    }

    @Test
    void stringBoundsAndFormats() {
        assertThat(sample("""
                {"properties":{
                  "title":{"type":"string","minLength":5},
                  "code":{"type":"string","minLength":3,"maxLength":3},
                  "empty":{"type":"string","maxLength":0},
                  "at":{"type":"string","format":"date-time"},
                  "day":{"type":"string","format":"date"},
                  "mail":{"type":"string","format":"email"},
                  "site":{"type":"string","format":"uri"},
                  "id":{"type":"string","format":"uuid"}}}"""))
                .isEqualTo("{\"title\":\"aaaaa\",\"code\":\"bbb\",\"empty\":\"\",\"at\":\"2024-01-01T00:00:00Z\","
                        + "\"day\":\"2024-01-01\",\"mail\":\"d@example.com\",\"site\":\"https://example.com/e\","
                        + "\"id\":\"00000000-0000-4000-8000-000000000005\"}");
    }

    @Test
    void integerBounds() {
        assertThat(sample("""
                {"properties":{
                  "min":{"type":"integer","minimum":10},
                  "positive":{"type":"integer","exclusiveMinimum":0},
                  "max":{"type":"integer","maximum":-5},
                  "draft4":{"type":"integer","minimum":3,"exclusiveMinimum":true},
                  "step":{"type":"integer","minimum":1,"multipleOf":5},
                  "below":{"type":"integer","exclusiveMaximum":2},
                  "range":{"type":"integer","minimum":1,"maximum":3}}}"""))
                // the counter runs 0..6 across the properties, each value then moved into its bounds
                .isEqualTo("{\"min\":10,\"positive\":1,\"max\":-5,\"draft4\":4,\"step\":5,\"below\":1,\"range\":3}");
    }

    @Test
    void numberBounds() {
        assertThat(sample("""
                {"properties":{
                  "open":{"type":"number","exclusiveMinimum":0.5},
                  "unit":{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":1},
                  "capped":{"type":"number","maximum":0.25},
                  "free":{"type":"number"}}}"""))
                .isEqualTo("{\"open\":1.5,\"unit\":0.5,\"capped\":0.25,\"free\":3.0}");
    }

    @Test
    void arrayBoundsAndTuples() {
        assertThat(sample("""
                {"properties":{
                  "three":{"type":"array","minItems":3,"items":{"type":"string"}},
                  "none":{"type":"array","maxItems":0,"items":{"type":"string"}},
                  "tuple":{"type":"array","prefixItems":[{"type":"integer"},{"type":"boolean"}]},
                  "draft4":{"type":"array","items":[{"type":"string"}]},
                  "closed":{"type":"array","prefixItems":[{"type":"string"}],"items":false,"minItems":1},
                  "anything":{"type":"array"}}}"""))
                .isEqualTo("{\"three\":[\"a\",\"b\",\"c\"],\"none\":[],\"tuple\":[0,true],\"draft4\":[\"d\"],"
                        + "\"closed\":[\"e\"],\"anything\":[\"f\"]}");
    }

    @Test
    void recursiveSchemasStopWhereNothingMoreIsRequired() {
        JsonNode tree = SchemaSampler.sample(schema("""
                {"$defs":{"Node":{"type":"object","properties":{
                    "value":{"type":"integer"},
                    "label":{"type":"string"},
                    "children":{"type":"array","items":{"$ref":"#/$defs/Node"}}},
                  "required":["value","children"]}},
                 "$ref":"#/$defs/Node"}"""), 0);

        int nodes = 0;
        JsonNode node = tree;
        while (node != null) {
            nodes++;
            assertThat(node.get("value").isIntegralNumber()).isTrue();
            JsonNode children = node.get("children");
            assertThat(children.size()).isLessThanOrEqualTo(1);
            node = children.isEmpty() ? null : children.get(0);
        }
        assertThat(nodes).isEqualTo(5);

        JsonNode list = SchemaSampler.sample(schema("""
                {"type":"object","properties":{"v":{"type":"integer"},"next":{"anyOf":[{"$ref":"#"},{"type":"null"}]}},
                 "required":["v","next"]}"""), 0);
        assertThat(list.toString()).isEqualTo(
                "{\"v\":0,\"next\":{\"v\":1,\"next\":{\"v\":2,\"next\":{\"v\":3,\"next\":{\"v\":4,\"next\":null}}}}}");
    }

    @Test
    void aSchemaThatRequiresAnInfiniteValueIsReported() {
        assertThatThrownBy(() -> sample("{\"type\":\"object\",\"properties\":{\"self\":{\"$ref\":\"#\"}},\"required\":[\"self\"]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot make a value for the schema: it nests deeper than 64 levels at #/properties/self/");
    }

    @Test
    void badRefsAreReportedWithTheirPath() {
        assertThatThrownBy(() -> sample("{\"properties\":{\"p\":{\"$ref\":\"#/$defs/Missing\"}}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$ref '#/$defs/Missing' at #/properties/p points to nothing in the schema");
        assertThatThrownBy(() -> sample("{\"properties\":{\"p\":{\"$ref\":\"https://example.com/s.json\"}}}"))
                .hasMessageStartingWith("Cannot resolve $ref 'https://example.com/s.json' at #/properties/p:");
    }
}

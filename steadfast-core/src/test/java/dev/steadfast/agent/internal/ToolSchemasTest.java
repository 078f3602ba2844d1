package dev.steadfast.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.agent.Agent;
import dev.steadfast.agent.Tool;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.model.Model;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Tool parameters as the model sees them, and tool names checked when the agent is built. */
class ToolSchemasTest {
    private static final Model MODEL = new Model() {
        @Override
        public String name() {
            return "stub";
        }

        @Override
        public ModelResponse request(java.util.List<dev.steadfast.message.Message> messages,
                                     dev.steadfast.model.ModelSettings settings, dev.steadfast.model.ModelRequestParameters params) {
            return ModelResponse.of(TextPart.of("done"));
        }
    };

    /** A tool object that keeps the arguments of its last call. */
    abstract static class Recording {
        Object[] last;

        String record(Object... args) {
            last = args;
            return "ok";
        }

        /** The schema of this object's only tool, and the tool. */
        ToolSpec tool() {
            return MethodTools.of(this).getFirst();
        }
    }

    static class Search extends Recording {
        @Tool("Search the catalogue")
        String search(String query, Optional<String> category, OptionalInt limit, @SchemasTest.Nullable String sort,
                      Map<String, Integer> boosts) {
            return record(query, category, limit, sort, boosts);
        }
    }

    @Test
    void optionalParametersAreNullableAndNotRequiredAndBindToEmpty() throws Exception {
        Search tools = new Search();
        ToolSpec spec = tools.tool();
        JsonNode schema = spec.definition().parametersSchema();

        assertThat(schema.get("required")).containsExactly(Messages.mapper().valueToTree("query"),
                Messages.mapper().valueToTree("boosts"));
        assertThat(schema.at("/properties/category/type").toString()).isEqualTo("[\"string\",\"null\"]");
        assertThat(schema.at("/properties/limit/type").toString()).isEqualTo("[\"integer\",\"null\"]");
        assertThat(schema.at("/properties/sort/type").toString()).isEqualTo("[\"string\",\"null\"]");
        assertThat(schema.at("/properties/boosts/additionalProperties/type").asText()).isEqualTo("integer");
        assertThat(spec.definition().strict()).isTrue();

        spec.binder().bind(Messages.mapper().readTree("{\"query\": \"tea\", \"limit\": null, \"boosts\": {}}")).invoke(null);
        assertThat(tools.last).containsExactly("tea", Optional.empty(), OptionalInt.empty(), null, Map.of());
        spec.binder().bind(Messages.mapper().readTree("""
                {"query": "tea", "category": "green", "limit": 5, "sort": "price", "boosts": {"brand": 2}}""")).invoke(null);
        assertThat(tools.last).containsExactly("tea", Optional.of("green"), OptionalInt.of(5), "price", Map.of("brand", 2));
    }

    record Node(String name, java.util.List<Node> children) {}

    static class Warehouse {
        record Item(String sku) {}
    }

    static class Store {
        record Item(int aisle) {}
    }

    static class Trees extends Recording {
        @Tool("Store a tree")
        String store(Node root, Optional<Node> backup, Warehouse.Item stock, Store.Item shelf) {
            return record(root, backup, stock, shelf);
        }
    }

    @Test
    void recursiveParametersAndSameNamedTypesKeepTheirOwnDefinitions() throws Exception {
        Trees tools = new Trees();
        ToolSpec spec = tools.tool();
        JsonNode args = Messages.mapper().readTree("""
                {"root": {"name": "a", "children": [{"name": "b", "children": []}]}, "backup": null,
                 "stock": {"sku": "X1"}, "shelf": {"aisle": 4}}""");

        JsonNode schema = spec.definition().parametersSchema();
        assertThat(SchemaCheck.errors(schema, args)).isEmpty();
        assertThat(SchemaCheck.errors(schema, Messages.mapper().readTree("""
                {"root": {"name": "a", "children": [{"name": 1, "children": []}]}, "stock": {"sku": "X1"}, "shelf": {"aisle": 4}}""")))
                .as("a child is a Node, not the tool's arguments").isNotEmpty();
        assertThat(SchemaCheck.errors(schema, Messages.mapper().readTree("""
                {"root": {"name": "a", "children": []}, "stock": {"aisle": 4}, "shelf": {"sku": "X1"}}""")))
                .as("each Item keeps its own fields").isNotEmpty();
        spec.binder().bind(args).invoke(null);
        assertThat(tools.last).containsExactly(new Node("a", java.util.List.of(new Node("b", java.util.List.of()))),
                Optional.empty(), new Warehouse.Item("X1"), new Store.Item(4));
        var strict = dev.steadfast.model.internal.StrictSchema.convert((com.fasterxml.jackson.databind.node.ObjectNode) schema);
        assertThat(strict.notStrictBecause()).isNull();
        assertThat(SchemaCheck.errors(strict.schema(), args)).isEmpty();
    }

    sealed interface Pet permits Cat, Dog {}

    record Cat(String name) implements Pet {}

    record Dog(String name) implements Pet {}

    static class Shelter {
        @Tool("Adopt a pet")
        String adopt(Pet pet) {
            return "adopted";
        }
    }

    @Test
    void aParameterTypeJacksonCannotReadFailsTheBuildWithTheFix() {
        assertThatThrownBy(() -> Agent.builder().model(MODEL).tools(new Shelter()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Tool 'adopt' on Shelter.adopt: parameter 'pet' (Pet) cannot be read from JSON")
                .hasMessageContaining("cannot be uniquely deduced")
                .hasMessageContaining("add @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = \"type\")");
    }

    static class Shop {
        @Tool(value = "Search the shop", name = "shop.search")
        String search(String query) {
            return query;
        }
    }

    record Query(String text) {}

    sealed interface Outcome permits Réponse, Other {}

    record Réponse(String text) implements Outcome {}

    record Other(String text) implements Outcome {}

    record Args() {}

    @Test
    void aToolNameProvidersRejectFailsTheBuildNamingTheToolAndTheFix() {
        assertThatThrownBy(() -> Agent.builder().model(MODEL).tools(new Shop()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Tool 'shop.search' on Shop.search").hasMessageContaining("contains '.'")
                .hasMessageContaining("@Tool(name = \"...\")");
        assertThatThrownBy(() -> Agent.builder().model(MODEL).tool("crm lookup", "Look up", Query.class, (ctx, q) -> q).build())
                .hasMessageContaining("Tool 'crm lookup'").hasMessageContaining("contains ' '");
        assertThatThrownBy(() -> Agent.builder().model(MODEL).externalTool("x".repeat(65), "Too long", Args.class).build())
                .hasMessageContaining("65 characters long");
    }

    @Test
    void outputToolNamesAreCheckedWithTheirPrefix() {
        assertThatThrownBy(() -> Agent.builder().model(MODEL).output(Outcome.class).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Output tool 'final_result_Réponse'").hasMessageContaining("contains 'é'")
                .hasMessageContaining("rename Réponse");
    }

    @Test
    void validNamesBuild() {
        assertThat(Agent.builder().model(MODEL).tool("crm-lookup_2", "Look up", Query.class, (ctx, q) -> q).build()).isNotNull();
    }
}

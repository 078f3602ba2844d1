package dev.steadfast.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.steadfast.message.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The schemas of OpenAI's own OpenAPI document that our client tests need (test resource
 * {@value #SPEC}; where it came from and its licence are beside it in {@code NOTICE.md}), used to check
 * that what we send and what our fixtures claim the server sends are what OpenAI documents. The spec
 * is OpenAPI 3.1, whose schemas are JSON Schema 2020-12; a schema is validated at its pointer
 * ({@code #/components/schemas/Name}) with the whole document as base, so {@code $ref}s resolve.
 */
final class OpenAiSpec {
    static final String SPEC = "/openai-spec/openai-schemas.json";
    private static final String BASE = "https://spec.steadfast.test/openai-openapi.json";
    private static volatile SchemaRegistry registry;
    private static volatile JsonNode document;
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private OpenAiSpec() {}

    /** Asserts that {@code json} validates against {@code #/components/schemas/<name>}. */
    static void assertValid(String name, JsonNode json) {
        Schema schema = SCHEMAS.computeIfAbsent(
                name, n -> registry().getSchema(SchemaLocation.of(BASE + "#/components/schemas/" + n)));
        List<Error> errors = schema.validate(json);
        assertThat(errors).as("%s against OpenAI's %s schema", json, name).isEmpty();
    }

    /**
     * Asserts that a Responses stream event validates against the member of {@code ResponseStreamEvent}
     * its {@code type} names (validating against the union itself would report every other member's
     * complaints too).
     */
    static void assertValidStreamEvent(JsonNode event) {
        String type = event.path("type").asText();
        String member = null;
        for (JsonNode ref :
                document().at("/components/schemas/ResponseStreamEvent").findValues("$ref")) {
            String name = ref.asText().substring(ref.asText().lastIndexOf('/') + 1);
            JsonNode types = document().at("/components/schemas/" + name + "/properties/type/enum");
            for (JsonNode t : types) {
                if (t.asText().equals(type)) {
                    member = name;
                }
            }
        }
        assertThat(member)
                .as("OpenAI documents a stream event of type %s", type)
                .isNotNull();
        assertValid(member, event);
    }

    private static JsonNode document() {
        registry();
        return document;
    }

    private static SchemaRegistry registry() {
        if (registry == null) {
            synchronized (OpenAiSpec.class) {
                if (registry == null) {
                    String doc = load();
                    document = read(doc);
                    registry = SchemaRegistry.withDefaultDialect(
                            SpecificationVersion.DRAFT_2020_12, b -> b.schemas(Map.of(BASE, doc)));
                }
            }
        }
        return registry;
    }

    /**
     * The spec, with one repair: {@code InputItem} is a {@code oneOf} that OpenAPI tools resolve by its
     * {@code type} discriminator, which JSON Schema ignores; a user message whose content is a list
     * (text, images, files) is valid as both of its first two members (EasyInputMessage and
     * InputMessage), so plain JSON Schema would reject every such message. {@code anyOf} keeps what
     * each member demands. And a second: a few schemas still mark a field {@code nullable: true}
     * (OpenAPI 3.0), which JSON Schema ignores, so the {@code null}s OpenAI streams in every chunk
     * ({@code "finish_reason": null}) would fail; {@link #allowNulls} says it in 3.1's words.
     */
    private static JsonNode read(String doc) {
        try {
            return Messages.mapper().readTree(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String load() {
        try (InputStream in = OpenAiSpec.class.getResourceAsStream(SPEC)) {
            if (in == null) {
                throw new IllegalStateException("Test resource " + SPEC + " is missing from steadfast-openai");
            }
            ObjectNode doc = (ObjectNode) Messages.mapper().readTree(in);
            ObjectNode inputItem = (ObjectNode) doc.at("/components/schemas/InputItem");
            inputItem.set("anyOf", inputItem.remove("oneOf"));
            allowNulls(doc);
            return doc.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + SPEC, e);
        }
    }

    /** Rewrites {@code nullable: true} as {@code null} among the allowed types (and enum values). */
    private static void allowNulls(JsonNode node) {
        if (node instanceof ObjectNode schema && schema.path("nullable").asBoolean(false)) {
            schema.remove("nullable");
            if (schema.path("type").isTextual()) {
                String type = schema.get("type").asText();
                schema.putArray("type").add(type).add("null");
            }
            if (schema.has("$ref")) {
                var anyOf = schema.putArray("anyOf");
                anyOf.addObject().set("$ref", schema.remove("$ref"));
                anyOf.addObject().put("type", "null");
            }
            if (schema.path("enum").isArray()) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) schema.get("enum")).addNull();
            }
        }
        for (JsonNode child : node) {
            allowNulls(child);
        }
    }
}

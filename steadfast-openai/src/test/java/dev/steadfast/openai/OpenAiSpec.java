package dev.steadfast.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OpenAI's own OpenAPI document (shared/specs/openai-openapi.yaml, beside the repository), used to
 * check that what we send and what our fixtures claim the server sends are what OpenAI documents.
 * The spec is OpenAPI 3.1, whose schemas are JSON Schema 2020-12; a schema is validated at its
 * pointer ({@code #/components/schemas/Name}) with the whole document as base, so {@code $ref}s
 * resolve.
 */
final class OpenAiSpec {
    private static final String SPEC = "shared/specs/openai-openapi.yaml";
    private static final String BASE = "https://spec.steadfast.test/openai-openapi.json";
    private static volatile SchemaRegistry registry;
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private OpenAiSpec() {}

    /** Asserts that {@code json} validates against {@code #/components/schemas/<name>}. */
    static void assertValid(String name, JsonNode json) {
        Schema schema = SCHEMAS.computeIfAbsent(name,
                n -> registry().getSchema(SchemaLocation.of(BASE + "#/components/schemas/" + n)));
        List<Error> errors = schema.validate(json);
        assertThat(errors).as("%s against OpenAI's %s schema", json, name).isEmpty();
    }

    private static SchemaRegistry registry() {
        if (registry == null) {
            synchronized (OpenAiSpec.class) {
                if (registry == null) {
                    String doc = load(find());
                    registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                            b -> b.schemas(Map.of(BASE, doc)));
                }
            }
        }
        return registry;
    }

    /** Walks up from the working directory to the folder that holds shared/specs. */
    static Path find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(SPEC);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("OpenAI's OpenAPI spec not found: looked for " + SPEC
                + " in " + Path.of("").toAbsolutePath() + " and every parent. The repository is expected to be"
                + " cloned with shared/ beside it.");
    }

    private static String load(Path yaml) {
        try {
            JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(yaml.toFile());
            return new ObjectMapper().writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + yaml, e);
        }
    }
}

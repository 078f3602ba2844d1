package dev.steadfast.openai.internal;

import dev.steadfast.SteadfastException;
import dev.steadfast.model.Model;
import dev.steadfast.model.ModelProvider;
import dev.steadfast.openai.OpenAiChatModel;
import dev.steadfast.openai.OpenAiClientBuilder;
import dev.steadfast.openai.OpenAiResponsesModel;
import java.net.URI;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code Models.of(...)} for OpenAI and Ollama, configured from the environment:
 * <ul>
 *   <li>{@code openai:<model>}: Chat Completions, the API every OpenAI-compatible server speaks, so
 *       {@code OPENAI_BASE_URL} may point anywhere; {@code OPENAI_API_KEY} is required unless
 *       {@code OPENAI_BASE_URL} points away from OpenAI; {@code OPENAI_ORG_ID} and
 *       {@code OPENAI_PROJECT_ID}, when set, go out as {@code OpenAI-Organization} and
 *       {@code OpenAI-Project}, as the official SDKs send them.</li>
 *   <li>{@code openai-responses:<model>}: the Responses API, same variables.</li>
 *   <li>{@code ollama:<model>} (e.g. {@code ollama:llama3.2:1b}): Chat Completions at
 *       {@code OLLAMA_BASE_URL}, default {@code http://localhost:11434/v1}; no key.</li>
 * </ul>
 */
public final class OpenAiModelProvider implements ModelProvider {
    static final String OLLAMA_DEFAULT = "http://localhost:11434/v1";
    private final UnaryOperator<String> env;

    public OpenAiModelProvider() {
        this(System::getenv);
    }

    OpenAiModelProvider(UnaryOperator<String> env) {
        this.env = env;
    }

    @Override
    public Set<String> prefixes() {
        return Set.of("openai", "openai-responses", "ollama");
    }

    @Override
    public Model create(String prefix, String modelName) {
        return switch (prefix) {
            case "openai" -> configure(OpenAiChatModel.builder(), prefix, modelName).build();
            case "openai-responses" -> configure(OpenAiResponsesModel.builder(), prefix, modelName).build();
            case "ollama" -> OpenAiChatModel.builder().model(modelName).provider("ollama")
                    .baseUrl(ollamaBase()).legacyMaxTokens(true).build();
            default -> throw new IllegalArgumentException("OpenAiModelProvider does not serve '" + prefix + "'");
        };
    }

    /** Base URL, key, organization and project from the environment. */
    private <B extends OpenAiClientBuilder<B>> B configure(B b, String prefix, String modelName) {
        b.model(modelName);
        String base = openAiBase();
        if (base != null) {
            b.baseUrl(base);
        }
        String key = openAiKey(prefix, modelName, base);
        if (key != null) {
            b.apiKey(key);
        }
        String org = env.apply("OPENAI_ORG_ID");
        if (org != null && !org.isBlank()) {
            b.header("OpenAI-Organization", org.strip());
        }
        String project = env.apply("OPENAI_PROJECT_ID");
        if (project != null && !project.isBlank()) {
            b.header("OpenAI-Project", project.strip());
        }
        return b;
    }

    private String openAiBase() {
        String base = env.apply("OPENAI_BASE_URL");
        return base == null || base.isBlank() ? null : base.strip();
    }

    private String openAiKey(String prefix, String modelName, String base) {
        String key = env.apply("OPENAI_API_KEY");
        if (key != null && !key.isBlank()) {
            return key.strip();
        }
        if (base == null || URI.create(base).getHost() == null || URI.create(base).getHost().endsWith("openai.com")) {
            throw new SteadfastException("OPENAI_API_KEY is not set, so '" + prefix + ":" + modelName
                    + "' cannot call OpenAI. Export OPENAI_API_KEY, or build the model yourself with "
                    + "OpenAiChatModel.builder().apiKey(...)");
        }
        return null; // an OpenAI-compatible server that may need no key
    }

    private String ollamaBase() {
        String base = env.apply("OLLAMA_BASE_URL");
        if (base == null || base.isBlank()) {
            return OLLAMA_DEFAULT;
        }
        String b = base.strip().replaceAll("/+$", "");
        String path = URI.create(b).getPath();
        return path == null || path.isEmpty() ? b + "/v1" : b; // OLLAMA_BASE_URL=http://host:11434 works too
    }
}

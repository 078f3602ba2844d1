package dev.steadfast.anthropic.internal;

import dev.steadfast.SteadfastException;
import dev.steadfast.anthropic.AnthropicModel;
import dev.steadfast.model.Model;
import dev.steadfast.model.ModelProvider;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code Models.of("anthropic:<model>")}: {@code ANTHROPIC_API_KEY} (required unless
 * {@code ANTHROPIC_BASE_URL} points at a proxy of your own) and {@code ANTHROPIC_BASE_URL}
 * (default {@code https://api.anthropic.com}).
 */
public final class AnthropicModelProvider implements ModelProvider {
    private final UnaryOperator<String> env;

    public AnthropicModelProvider() {
        this(System::getenv);
    }

    AnthropicModelProvider(UnaryOperator<String> env) {
        this.env = env;
    }

    @Override
    public Set<String> prefixes() {
        return Set.of("anthropic");
    }

    @Override
    public Model create(String prefix, String modelName) {
        var b = AnthropicModel.builder().model(modelName);
        String base = env.apply("ANTHROPIC_BASE_URL");
        boolean customBase = base != null && !base.isBlank();
        if (customBase) {
            b.baseUrl(base.strip());
        }
        String key = env.apply("ANTHROPIC_API_KEY");
        if (key != null && !key.isBlank()) {
            b.apiKey(key.strip());
        } else if (!customBase) {
            throw new SteadfastException("ANTHROPIC_API_KEY is not set, so 'anthropic:" + modelName
                    + "' cannot call Anthropic. Export ANTHROPIC_API_KEY, or build the model yourself with "
                    + "AnthropicModel.builder().apiKey(...)");
        }
        return b.build();
    }
}

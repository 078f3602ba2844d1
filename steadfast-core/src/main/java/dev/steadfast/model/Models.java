package dev.steadfast.model;

import dev.steadfast.SteadfastException;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Models by name: {@code Models.of("openai:gpt-4.1")}, {@code "anthropic:claude-sonnet-4-5"},
 * {@code "ollama:llama3.2:1b"} (everything after the first {@code :} is the model name). Providers
 * are found on the class path through {@link ModelProvider}.
 */
public final class Models {
    private Models() {}

    public static Model of(String spec) {
        int colon = spec == null ? -1 : spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("model must be 'provider:model' (e.g. 'openai:gpt-4.1') but was '" + spec + "'");
        }
        String prefix = spec.substring(0, colon);
        String name = spec.substring(colon + 1);
        var known = new TreeSet<String>();
        for (ModelProvider p : ServiceLoader.load(ModelProvider.class, Models.class.getClassLoader())) {
            if (p.prefixes().contains(prefix)) {
                return p.create(prefix, name);
            }
            known.addAll(p.prefixes());
        }
        throw new SteadfastException("No model provider for '" + prefix + "' in '" + spec + "'. Known providers: "
                + (known.isEmpty() ? "none" : String.join(", ", known))
                + ". Add steadfast-openai or steadfast-anthropic to the class path, or pass a Model instance.");
    }
}

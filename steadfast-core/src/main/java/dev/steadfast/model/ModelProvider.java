package dev.steadfast.model;

/**
 * Creates models for one provider prefix of {@link Models#of(String)}; found through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.steadfast.model.ModelProvider}).
 */
public interface ModelProvider {
    /** The prefixes this provider answers to, e.g. {@code openai}. */
    java.util.Set<String> prefixes();

    /** A model for {@code prefix:modelName}, configured from the environment. */
    Model create(String prefix, String modelName);
}

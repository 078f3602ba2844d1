package dev.steadfast.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A tool as the model sees it.
 *
 * @param name the name the model calls it by
 * @param description what it does, for the model
 * @param parametersSchema the JSON schema of its arguments (an object schema)
 * @param strict whether the provider should enforce the schema exactly (OpenAI strict mode)
 */
public record ToolDefinition(String name, String description, ObjectNode parametersSchema, boolean strict) {
    public ToolDefinition {
        requireNonNull(name, "name");
        requireNonNull(parametersSchema, "parametersSchema");
        description = description == null ? "" : description;
        if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("tool name must be 1-64 ASCII letters, digits, '_' or '-' (what OpenAI and"
                    + " Anthropic accept) but was '" + name + "'");
        }
    }
}

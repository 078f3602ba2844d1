package dev.steadfast.model;

/** How a structured output is asked of the model. */
public enum OutputMode {
    /** As a tool call whose arguments are the output (works with every tool-calling model). The default. */
    TOOL,
    /** With the provider's own JSON-schema response format. */
    NATIVE,
    /** With the schema in the prompt, the answer parsed from text. */
    PROMPTED
}

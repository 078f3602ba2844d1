package dev.steadfast.model;

import java.util.List;
import java.util.Objects;

/**
 * What a request offers the model besides the messages.
 *
 * @param functionTools tools the model may call
 * @param outputTools tools whose call ends the run with a structured output (in {@link OutputMode#NATIVE}
 *     mode, the single entry is the schema for the provider's response format)
 * @param allowTextOutput whether a plain text answer may end the run
 * @param outputMode how a structured output is asked for
 */
public record ModelRequestParameters(List<ToolDefinition> functionTools, List<ToolDefinition> outputTools,
                                     boolean allowTextOutput, OutputMode outputMode) {
    /** No tools; text ends the run. */
    public static final ModelRequestParameters TEXT = new ModelRequestParameters(List.of(), List.of(), true, OutputMode.TOOL);

    public ModelRequestParameters {
        functionTools = List.copyOf(functionTools);
        outputTools = List.copyOf(outputTools);
        outputMode = Objects.requireNonNullElse(outputMode, OutputMode.TOOL);
    }

    /** Function tools followed by output tools. */
    public List<ToolDefinition> allTools() {
        if (outputMode == OutputMode.NATIVE || outputMode == OutputMode.PROMPTED) {
            return functionTools;
        }
        var all = new java.util.ArrayList<ToolDefinition>(functionTools);
        all.addAll(outputTools);
        return all;
    }
}

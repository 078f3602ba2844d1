package dev.steadfast.observe;

import dev.steadfast.message.Message;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the agent loop tells observers about a model request or a tool call, beyond the step's name.
 * Every component may be {@code null}.
 *
 * @param agent the agent's name
 * @param provider the model's provider ({@code openai}, {@code anthropic}), for model requests
 * @param requestModel the model asked for, for model requests
 * @param tool the tool's name, for tool calls
 * @param toolCallId the model's id for the tool call
 * @param messages the messages a model request sends, computed only when asked for (an observer asks only
 *     when its user opted in to capturing content)
 * @param arguments a tool call's arguments as JSON text, computed only when asked for
 */
public record StepDetails(
        String agent,
        String provider,
        String requestModel,
        String tool,
        String toolCallId,
        Supplier<List<Message>> messages,
        Supplier<String> arguments) {
    /** Nothing known. */
    public static final StepDetails NONE = new StepDetails(null, null, null, null, null, null, null);

    /** A model request's details. */
    public static StepDetails model(
            String agent, String provider, String requestModel, Supplier<List<Message>> messages) {
        return new StepDetails(agent, provider, requestModel, null, null, messages, null);
    }

    /** A tool call's details. */
    public static StepDetails tool(String agent, String tool, String toolCallId, Supplier<String> arguments) {
        return new StepDetails(agent, null, null, tool, toolCallId, null, arguments);
    }
}

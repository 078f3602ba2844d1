package dev.steadfast.testing;

import dev.steadfast.message.Message;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.model.ModelRequestParameters;
import java.util.List;

/**
 * The body of a {@link FunctionModel}: gets what the model would receive, returns its answer.
 *
 * <pre>{@code
 * ModelFunction echo = (messages, params) -> ModelResponse.of(TextPart.of("tools: " + params.functionTools().size()));
 * }</pre>
 */
@FunctionalInterface
public interface ModelFunction {
    /**
     * Answers one request.
     *
     * @param messages the conversation so far, the newest request last
     * @param parameters the tools and output kinds offered
     * @return the model's answer; throw a {@code ModelException} to simulate a provider failure
     */
    ModelResponse respond(List<Message> messages, ModelRequestParameters parameters);
}

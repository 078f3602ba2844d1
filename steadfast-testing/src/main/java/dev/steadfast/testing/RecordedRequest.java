package dev.steadfast.testing;

import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.RequestPart;
import dev.steadfast.message.RetryPromptPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.message.UserPromptPart;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.ToolDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * One request a {@link ScriptedModel} received, exactly as the agent sent it, with shortcuts for
 * the things tests usually check.
 *
 * <pre>{@code
 * RecordedRequest second = model.takeRequest(1);
 * assertThat(second.toolReturns()).extracting(ToolReturnPart::contentAsText).containsExactly("42");
 * assertThat(second.toolNames()).containsExactly("search", "final_result");
 * }</pre>
 *
 * @param sequence the request's position among all requests the model received, from 1
 * @param messages the conversation sent, the newest request last
 * @param settings the settings sent
 * @param parameters the tools and output kinds offered
 */
public record RecordedRequest(int sequence, List<Message> messages, ModelSettings settings,
                              ModelRequestParameters parameters) {
    public RecordedRequest {
        messages = List.copyOf(messages);
    }

    /** The newest {@link ModelRequest} in the conversation: what this turn added. */
    public ModelRequest lastRequest() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof ModelRequest r) {
                return r;
            }
        }
        throw new AssertionError("Request #" + sequence + " holds no ModelRequest (messages: " + messages + ")");
    }

    /** The text of the newest user prompt anywhere in the conversation, or {@code null} when there is none. */
    public String lastUserPrompt() {
        String last = null;
        for (Message m : messages) {
            if (m instanceof ModelRequest r) {
                for (RequestPart p : r.parts()) {
                    if (p instanceof UserPromptPart u) {
                        last = u.content();
                    }
                }
            }
        }
        return last;
    }

    /** The tool returns this turn added (those in {@link #lastRequest()}), in order. */
    public List<ToolReturnPart> toolReturns() {
        return partsOfLastRequest(ToolReturnPart.class);
    }

    /** The retry prompts this turn added (those in {@link #lastRequest()}), in order. */
    public List<RetryPromptPart> retryPrompts() {
        return partsOfLastRequest(RetryPromptPart.class);
    }

    /** The names of the tools offered: function tools, then output tools. */
    public List<String> toolNames() {
        List<String> names = new ArrayList<>();
        for (ToolDefinition t : parameters.functionTools()) {
            names.add(t.name());
        }
        for (ToolDefinition t : parameters.outputTools()) {
            names.add(t.name());
        }
        return names;
    }

    private <P extends RequestPart> List<P> partsOfLastRequest(Class<P> type) {
        return lastRequest().parts().stream().filter(type::isInstance).map(type::cast).toList();
    }
}

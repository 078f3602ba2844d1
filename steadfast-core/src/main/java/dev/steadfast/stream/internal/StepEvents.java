package dev.steadfast.stream.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.message.Message;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.RequestPart;
import dev.steadfast.message.RetryPromptPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.model.ModelStreamEvent;
import dev.steadfast.stream.AgentEvent;
import dev.steadfast.usage.Usage;
import dev.steadfast.workflow.spi.Conversations;
import java.util.ArrayList;
import java.util.List;

/**
 * The events of one model request, made the same way live and from a journal, so a subscriber sees
 * the same run either way: the answers the request carries ({@link #sent}), the response's parts
 * ({@link #of(ModelStreamEvent)} live, {@link #whole} from a record) and what follows a whole
 * response ({@link #received}).
 */
public final class StepEvents {
    private StepEvents() {}

    /** The tool results and retry prompts a request sends back to the model, in its order. */
    public static List<AgentEvent> sent(ModelRequest request) {
        var events = new ArrayList<AgentEvent>();
        for (RequestPart part : request.parts()) {
            switch (part) {
                case ToolReturnPart r -> events.add(new AgentEvent.ToolResult(r));
                case RetryPromptPart p -> events.add(new AgentEvent.RetryPrompt(p));
                default -> {}
            }
        }
        return events;
    }

    /** {@link #sent} of the last request in {@code messages} (a model step's input), or none. */
    public static List<AgentEvent> sentLast(List<Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof ModelRequest r) {
                return sent(r);
            }
        }
        return List.of();
    }

    /**
     * {@link #sent} of the last request in a model step's recorded input ({@code messages}: the new
     * messages, or the whole conversation as history shows it; both end with the request sent).
     */
    public static List<AgentEvent> sentBy(JsonNode stepInput) {
        JsonNode messages = stepInput == null ? null : stepInput.path(Conversations.MESSAGES);
        if (messages == null || !messages.isArray()) {
            return List.of();
        }
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (Messages.mapper().convertValue(messages.get(i), Message.class) instanceof ModelRequest request) {
                return sent(request);
            }
        }
        return List.of();
    }

    /** A model's stream event as the run reports it. */
    public static AgentEvent of(ModelStreamEvent event) {
        return switch (event) {
            case ModelStreamEvent.PartStart s -> new AgentEvent.PartStarted(s.index(), s.part());
            case ModelStreamEvent.TextDelta d -> new AgentEvent.TextDelta(d.index(), d.text());
            case ModelStreamEvent.ThinkingDelta d -> new AgentEvent.ThinkingDelta(d.index(), d.text());
            case ModelStreamEvent.ToolCallDelta d -> new AgentEvent.ToolCallDelta(d.index(), d.argumentsJson());
        };
    }

    /** A whole response's parts as events: one start and one delta a part. */
    public static List<AgentEvent> whole(ModelResponse response) {
        var events = new ArrayList<AgentEvent>();
        ModelStreamEvent.emitWhole(response, e -> events.add(of(e)));
        return events;
    }

    /** What follows a whole response: each of its tool calls, then what it used. */
    public static List<AgentEvent> received(ModelResponse response, Usage used) {
        var events = new ArrayList<AgentEvent>();
        for (ToolCallPart call : response.toolCalls()) {
            events.add(new AgentEvent.ToolCallReady(call));
        }
        events.add(new AgentEvent.ModelUsage(used));
        return events;
    }
}

package dev.steadfast.workflow.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.message.Messages;
import dev.steadfast.run.StepKind;
import dev.steadfast.run.StepRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Model steps record only the messages that are new since the previous model step of the same
 * conversation ({@code {"conversation": id, "messages": [...]}}), so a journal grows linearly with a
 * conversation. This rebuilds each model step's whole input for display ({@code history}), the
 * agent's instructions (recorded once, with the first step) at its head.
 */
public final class Conversations {
    /** The input field naming the conversation (the agent run's id). */
    public static final String CONVERSATION = "conversation";
    /** The input field holding the new messages. */
    public static final String MESSAGES = "messages";
    /** The input field of a conversation's first model step holding the instructions sent with every request. */
    public static final String INSTRUCTIONS = "instructions";

    private Conversations() {}

    /** {@code steps} with each model step's input holding the whole conversation it sent. */
    public static List<StepRecord> withFullInputs(List<StepRecord> steps) {
        Map<String, ArrayNode> sofar = new HashMap<>();
        var out = new ArrayList<StepRecord>(steps.size());
        for (StepRecord s : steps) {
            if (s.kind() != StepKind.MODEL || !(s.input() instanceof ObjectNode in) || !in.has(CONVERSATION)
                    || !(in.get(MESSAGES) instanceof ArrayNode added)) {
                out.add(s);
                continue;
            }
            ArrayNode all = sofar.computeIfAbsent(in.get(CONVERSATION).asText(), k -> Messages.mapper().createArrayNode());
            if (all.isEmpty() && in.path(INSTRUCTIONS).isTextual()) {
                // the instructions went with every request without being stored in the conversation: show them first
                all.addObject().put("kind", "request").putArray("parts").addObject().put("kind", "system-prompt")
                        .put("content", in.get(INSTRUCTIONS).asText());
            }
            all.addAll(added);
            ObjectNode full = in.deepCopy();
            full.set(MESSAGES, all.deepCopy());
            if (s.output() != null && !s.output().isNull()) {
                all.add(s.output());
            }
            out.add(new StepRecord(s.seq(), s.name(), s.kind(), s.status(), s.attempts(), full, s.output(), s.error(),
                    s.failedAttempts(), s.startedAt(), s.endedAt(), s.usage(), s.cost()));
        }
        return out;
    }

    /** The new messages a model step recorded (its stored input), or an empty node. */
    public static JsonNode newMessages(JsonNode stepInput) {
        return stepInput == null ? Messages.mapper().createArrayNode() : stepInput.path(MESSAGES);
    }
}

package dev.steadfast.temporal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A run's output that is an {@code AgentResult} keeps its conversation out of the workflow's result: the
 * messages that continue one of the run's conversations travel by reference (the conversation's id, length and
 * hash, as model activities name it), and only the messages after them inline. A long agent run's result would
 * otherwise carry its whole conversation and pass Temporal's payload limit at its very end. {@link Handle#result}
 * puts the messages back from the run's history.
 */
final class AgentResults {
    /** Where the messages are when they travel by reference. */
    static final String MESSAGES_REF = "messagesRef";
    /** The messages after the referenced ones. */
    static final String MESSAGES_TAIL = "messagesTail";
    /** How many of the messages are the run's new ones, when those are its last messages (the usual case). */
    static final String NEW_MESSAGES_COUNT = "newMessagesCount";
    private static final String MESSAGES = "messages";
    private static final String NEW_MESSAGES = "newMessages";

    private AgentResults() {}

    /**
     * {@code output} with its messages by reference when it is an agent result whose messages begin with one of
     * {@code conversations} longer than {@code inlineBytes}; else {@code output} itself.
     */
    static JsonNode compact(JsonNode output, Map<String, ConversationChain> conversations, long inlineBytes) {
        if (!(output instanceof ObjectNode o) || !(o.get(MESSAGES) instanceof ArrayNode all)) {
            return output;
        }
        for (Map.Entry<String, ConversationChain> e : conversations.entrySet()) {
            ConversationChain chain = e.getValue();
            int n = chain.size();
            if (n == 0 || n > all.size() || chain.bytes() <= inlineBytes) {
                continue;
            }
            var prefix = new ConversationChain();
            for (int i = 0; i < n; i++) {
                prefix.add(all.get(i));
            }
            if (!prefix.hash().equals(chain.hash())) {
                continue;
            }
            ObjectNode out = o.deepCopy();
            out.remove(MESSAGES);
            out.set(MESSAGES_REF, Wire.toJson(chain.ref(e.getKey(), 0)));
            ArrayNode tail = out.putArray(MESSAGES_TAIL);
            for (int i = n; i < all.size(); i++) {
                tail.add(all.get(i));
            }
            if (o.get(NEW_MESSAGES) instanceof ArrayNode added && endsWith(all, added)) {
                out.remove(NEW_MESSAGES);
                out.put(NEW_MESSAGES_COUNT, added.size());
            }
            return out;
        }
        return output;
    }

    private static boolean endsWith(ArrayNode all, ArrayNode suffix) {
        int from = all.size() - suffix.size();
        if (from < 0) {
            return false;
        }
        for (int i = 0; i < suffix.size(); i++) {
            if (!all.get(from + i).equals(suffix.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code output} with the messages {@link #compact} took out put back, from {@code store}. */
    static JsonNode expand(JsonNode output, ConversationStore store, String workflowId) {
        if (!(output instanceof ObjectNode o) || !o.has(MESSAGES_REF)) {
            return output;
        }
        Wire.ConversationRef ref = Wire.fromJson(o.get(MESSAGES_REF), Wire.ConversationRef.class);
        ObjectNode out = o.deepCopy();
        ArrayNode messages = out.putArray(MESSAGES);
        store.resolve(ref, workflowId, "").messages().forEach(messages::add);
        out.remove(MESSAGES_REF);
        JsonNode tail = out.remove(MESSAGES_TAIL);
        if (tail != null) {
            tail.forEach(messages::add);
        }
        JsonNode count = out.remove(NEW_MESSAGES_COUNT);
        if (count != null) {
            ArrayNode added = out.putArray(NEW_MESSAGES);
            for (int i = messages.size() - count.asInt(); i < messages.size(); i++) {
                added.add(messages.get(i));
            }
        }
        return out;
    }
}

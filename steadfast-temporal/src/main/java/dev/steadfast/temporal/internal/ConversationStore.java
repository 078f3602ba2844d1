package dev.steadfast.temporal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.SteadfastException;
import dev.steadfast.run.StepKind;
import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import dev.steadfast.workflow.spi.Conversations;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DataConverter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a worker finds the conversation an agent step continues. Model steps carry only their new
 * messages and a {@link Wire.ConversationRef}; the messages before them come, in this order, from
 * the reference itself (small conversations travel inline), from this worker's cache (it holds the
 * conversations of the model steps it ran, by chain hash: the usual case when one worker serves a
 * run), or from the run's Temporal history, which records every earlier model step's new messages
 * and response. So no activity input re-sends a long conversation, and the history grows linearly.
 */
final class ConversationStore {
    private static final int CACHED = 256;

    private final WorkflowClient client;
    private final DataConverter converter;
    private final Map<String, ConversationChain> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ConversationChain> eldest) {
            return size() > CACHED;
        }
    };
    private int rebuilds;

    ConversationStore(WorkflowClient client, DataConverter converter) {
        this.client = client;
        this.converter = converter;
    }

    /** The messages {@code ref} names, of the run {@code workflowId}/{@code runId}, as a chain to continue. */
    ConversationChain resolve(Wire.ConversationRef ref, String workflowId, String runId) {
        if (ref.inline() != null) {
            var chain = new ConversationChain();
            ref.inline().forEach(chain::add);
            return checked(chain, ref);
        }
        ConversationChain cached;
        synchronized (cache) {
            cached = cache.get(ref.hash());
        }
        if (cached != null) {
            return ConversationChain.of(cached.messages(), cached.hash(), cached.bytes());
        }
        ConversationChain rebuilt = checked(fromHistory(ref, workflowId, runId), ref);
        remember(rebuilt);
        return ConversationChain.of(rebuilt.messages(), rebuilt.hash(), rebuilt.bytes());
    }

    /** Caches {@code chain} under its hash, for the next step of the same conversation. */
    void remember(ConversationChain chain) {
        synchronized (cache) {
            cache.put(chain.hash(), ConversationChain.of(chain.messages(), chain.hash(), chain.bytes()));
        }
    }

    /** How often a conversation was read back from history (tests check the cache spares it). */
    synchronized int rebuilds() {
        return rebuilds;
    }

    private ConversationChain fromHistory(Wire.ConversationRef ref, String workflowId, String runId) {
        synchronized (this) {
            rebuilds++;
        }
        var execution = WorkflowExecution.newBuilder()
                .setWorkflowId(workflowId)
                .setRunId(runId)
                .build();
        // a run the engine continued as new has its earlier messages in the histories of its earlier executions
        List<StepRecord> steps = HistoryDecoder.decodeChain(RunChain.histories(client, workflowId, runId), converter);
        var chain = new ConversationChain();
        for (StepRecord s : steps) {
            if (chain.size() >= ref.count()) {
                break;
            }
            if (s.kind() != StepKind.MODEL
                    || s.input() == null
                    || !ref.id()
                            .equals(s.input().path(Conversations.CONVERSATION).asText())) {
                continue;
            }
            for (JsonNode m : Conversations.newMessages(s.input())) {
                if (chain.size() < ref.count()) {
                    chain.add(m);
                }
            }
            if (s.status() == StepStatus.COMPLETED && chain.size() < ref.count()) {
                chain.addResponse(s.output());
            }
        }
        if (chain.size() != ref.count()) {
            throw new SteadfastException("Conversation '" + ref.id() + "' of run " + execution.getWorkflowId() + " has "
                    + chain.size() + " messages in its history, the step expects " + ref.count());
        }
        return chain;
    }

    private static ConversationChain checked(ConversationChain chain, Wire.ConversationRef ref) {
        if (!chain.hash().equals(ref.hash())) {
            throw new SteadfastException("Conversation '" + ref.id() + "' rebuilt on this worker does not match the"
                    + " one the workflow sent (" + ref.count() + " messages, hash " + ref.hash() + ")");
        }
        return chain;
    }
}

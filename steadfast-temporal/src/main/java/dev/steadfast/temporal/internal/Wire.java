package dev.steadfast.temporal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.steadfast.message.Messages;
import dev.steadfast.run.AttemptRecord;
import dev.steadfast.run.ErrorInfo;
import dev.steadfast.run.PendingApproval;
import dev.steadfast.run.StepKind;
import dev.steadfast.workflow.spi.StepMetrics;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What travels through Temporal: every payload is JSON written by {@link Messages#mapper()}, and
 * these records give the history enough to be decoded back into {@code StepRecord}s (each carries
 * the step's seq, kind and name).
 */
public final class Wire {
    /** The query that returns a running run's {@link RunState}. */
    public static final String STATE_QUERY = "steadfast.state";
    /** Signals that carry a decision on a pending tool call, keyed by its tool call id. */
    public static final String APPROVE_SIGNAL = "approve";

    public static final String DENY_SIGNAL = "deny";
    /** Any answer to a pending call: the call's id and an {@code ApprovalDecision} as JSON. */
    public static final String DECIDE_SIGNAL = "decide";
    /** Memo key naming the run a fork was made from. */
    public static final String FORKED_FROM_MEMO = "forkedFrom";
    /** The memo field of a child run that names its parent (visibility rows may not carry the parent execution). */
    public static final String PARENT_MEMO = "parentId";
    /** Timer summaries: a user's sleep ({@code sleep #seq}) and the checkpoint after a step. */
    public static final String SLEEP_SUMMARY = "sleep #";

    public static final String CHECKPOINT_SUMMARY = "checkpoint";

    private Wire() {}

    /**
     * The input of a step's activity (local or not): the process-local registry key of its body,
     * and what the history shows.
     */
    public record StepInput(
            String key, int seq, StepKind kind, String name, JsonNode input, ConversationRef conversation) {
        public StepInput(String key, int seq, StepKind kind, String name, JsonNode input) {
            this(key, seq, kind, name, input, null);
        }
    }

    /**
     * The conversation an agent step continues, as a worker needs it to redo the step: the first
     * {@code count} messages of conversation {@code id}, identified by a hash chained over their JSON.
     * While they are small they travel {@code inline}; otherwise ({@code inline == null}) the worker
     * finds them in its cache by {@code hash} or rebuilds them from the run's history.
     */
    public record ConversationRef(String id, int count, String hash, List<JsonNode> inline) {}

    /**
     * A step's recorded result; {@code name} lets replay detect a renamed step; {@code metrics} are the
     * tokens and cost a model step used, recorded with it so history and describe can sum them;
     * {@code failedAttempts} the attempts before the one that succeeded, as the worker saw them (Temporal's
     * history keeps at most the last failure of an activity, and none of a local activity).
     */
    public record StepResult(
            int seq,
            StepKind kind,
            String name,
            JsonNode value,
            StepMetrics metrics,
            List<AttemptRecord> failedAttempts) {
        public StepResult {
            failedAttempts = failedAttempts == null ? List.of() : List.copyOf(failedAttempts);
        }
    }

    /** What a step body produced: its value as JSON and what it cost. */
    public record StepValue(JsonNode value, StepMetrics metrics) {}

    /** A consumed signal or an approval decision, recorded as a side effect. */
    public record WaitResult(int seq, StepKind kind, String name, JsonNode value, boolean timedOut) {}

    /** A running run's waits, as the {@link #STATE_QUERY} query returns them. */
    public record RunState(
            List<String> awaitingSignals, List<PendingApproval> pendingApprovals, Instant wakeAt, int stepCount) {
        public RunState {
            awaitingSignals = List.copyOf(awaitingSignals);
            pendingApprovals = List.copyOf(pendingApprovals);
        }
    }

    /**
     * What a fork starts with: the old run's recorded outcomes by seq. A seeded step returns its
     * recorded value (or throws its recorded error) without running.
     */
    public record ForkSeed(String forkedFrom, Map<Integer, Seeded> steps) {
        public ForkSeed {
            steps = Map.copyOf(steps);
        }
    }

    /**
     * One recorded outcome in a {@link ForkSeed}: a value, an error, or a signal wait that timed out, with
     * the tokens and cost it took in the old run, which the fork's totals count as the embedded engine's do.
     */
    public record Seeded(
            StepKind kind,
            String name,
            JsonNode value,
            ErrorInfo error,
            boolean timedOut,
            dev.steadfast.usage.Usage usage,
            java.math.BigDecimal cost) {
        /** What the reused step cost, or {@code null} when nothing. */
        dev.steadfast.workflow.spi.StepMetrics metrics() {
            boolean none = (usage == null || usage.equals(dev.steadfast.usage.Usage.NONE))
                    && (cost == null || cost.signum() == 0);
            return none ? null : new dev.steadfast.workflow.spi.StepMetrics(usage, cost);
        }
    }

    /** Any value as JSON ({@code null} as JSON null). */
    public static JsonNode toJson(Object value) {
        JsonNode node = value == null ? null : Messages.toTree(value);
        return node == null ? NullNode.getInstance() : node;
    }

    /** JSON read as {@code type}. */
    public static <T> T fromJson(JsonNode json, Type type) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            return null;
        }
        var mapper = Messages.mapper();
        return mapper.convertValue(json, mapper.constructType(type));
    }
}

package dev.steadfast.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.usage.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What {@link dev.steadfast.workflow.WorkflowEngine#describe} tells about a run.
 *
 * @param workflowId the run's id
 * @param workflowType the registered workflow's name (an agent run: the agent's name)
 * @param status where it stands
 * @param createdAt when it was started
 * @param updatedAt when it last changed
 * @param endedAt when it ended, or {@code null}
 * @param input its input as JSON
 * @param output its output as JSON, or {@code null}
 * @param error why it failed, or {@code null}; on a run still open (RUNNING), why it is blocked: its code
 *        no longer matches its journal, or its workflow type is not registered where it runs
 * @param awaitingSignals names of the signals it waits for (empty unless {@link RunStatus#WAITING})
 * @param wakeAt when a timer wakes it, or {@code null}
 * @param pendingApprovals tool calls waiting for a decision
 * @param stepCount journal entries so far
 * @param usage tokens used by all its steps
 * @param cost what its steps cost in USD
 * @param forkedFrom the run this one was forked from, or {@code null}
 * @param decisions who steered it and how (answers, signals, cancel, start, fork), oldest first; empty where
 *     an engine keeps no such record
 * @param parentId the run that started this one as a child run (an agent delegated to), or {@code null}
 * @param childIds the child runs this run started, in the order it started them; their usage and cost are
 *     counted in this run's {@code usage} and {@code cost}, and their pending approvals are listed in this
 *     run's {@code pendingApprovals} (decided through this run's id)
 */
public record RunInfo(
        String workflowId,
        String workflowType,
        RunStatus status,
        Instant createdAt,
        Instant updatedAt,
        Instant endedAt,
        JsonNode input,
        JsonNode output,
        ErrorInfo error,
        List<String> awaitingSignals,
        Instant wakeAt,
        List<PendingApproval> pendingApprovals,
        int stepCount,
        Usage usage,
        BigDecimal cost,
        String forkedFrom,
        List<Decision> decisions,
        String parentId,
        List<String> childIds) {
    public RunInfo {
        childIds = childIds == null ? List.of() : List.copyOf(childIds);
        decisions = decisions == null ? List.of() : List.copyOf(decisions);
        awaitingSignals = List.copyOf(awaitingSignals);
        pendingApprovals = List.copyOf(pendingApprovals);
        usage = Objects.requireNonNullElse(usage, Usage.NONE);
        cost = Objects.requireNonNullElse(cost, BigDecimal.ZERO);
    }

    /** A run that is no one's child and started none. */
    public RunInfo(
            String workflowId,
            String workflowType,
            RunStatus status,
            Instant createdAt,
            Instant updatedAt,
            Instant endedAt,
            JsonNode input,
            JsonNode output,
            ErrorInfo error,
            List<String> awaitingSignals,
            Instant wakeAt,
            List<PendingApproval> pendingApprovals,
            int stepCount,
            Usage usage,
            BigDecimal cost,
            String forkedFrom,
            List<Decision> decisions) {
        this(
                workflowId,
                workflowType,
                status,
                createdAt,
                updatedAt,
                endedAt,
                input,
                output,
                error,
                awaitingSignals,
                wakeAt,
                pendingApprovals,
                stepCount,
                usage,
                cost,
                forkedFrom,
                decisions,
                null,
                List.of());
    }

    /** A run with no recorded decisions. */
    public RunInfo(
            String workflowId,
            String workflowType,
            RunStatus status,
            Instant createdAt,
            Instant updatedAt,
            Instant endedAt,
            JsonNode input,
            JsonNode output,
            ErrorInfo error,
            List<String> awaitingSignals,
            Instant wakeAt,
            List<PendingApproval> pendingApprovals,
            int stepCount,
            Usage usage,
            BigDecimal cost,
            String forkedFrom) {
        this(
                workflowId,
                workflowType,
                status,
                createdAt,
                updatedAt,
                endedAt,
                input,
                output,
                error,
                awaitingSignals,
                wakeAt,
                pendingApprovals,
                stepCount,
                usage,
                cost,
                forkedFrom,
                List.of());
    }

    /** The recorded cancel request that has not taken effect yet, or {@code null}. */
    public Decision pendingCancel() {
        if (status.isTerminal()) {
            return null;
        }
        return decisions.stream()
                .filter(d -> d.kind() == Decision.Kind.CANCEL)
                .findFirst()
                .orElse(null);
    }
}

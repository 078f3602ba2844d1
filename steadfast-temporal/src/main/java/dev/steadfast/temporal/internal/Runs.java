package dev.steadfast.temporal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.run.Decision;
import dev.steadfast.run.ErrorInfo;
import dev.steadfast.run.PendingApproval;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunQuery;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepRecord;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.common.converter.DataConverter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Temporal's execution infos and histories as {@link RunInfo}s. */
final class Runs {
    private Runs() {}

    static RunStatus status(WorkflowExecutionStatus s, Wire.RunState state) {
        return switch (s) {
            case WORKFLOW_EXECUTION_STATUS_COMPLETED -> RunStatus.COMPLETED;
            case WORKFLOW_EXECUTION_STATUS_CANCELED -> RunStatus.CANCELLED;
            case WORKFLOW_EXECUTION_STATUS_FAILED,
                    WORKFLOW_EXECUTION_STATUS_TERMINATED,
                    WORKFLOW_EXECUTION_STATUS_TIMED_OUT -> RunStatus.FAILED;
            default ->
                state != null
                                && (!state.awaitingSignals().isEmpty()
                                        || !state.pendingApprovals().isEmpty()
                                        || state.wakeAt() != null)
                        ? RunStatus.WAITING
                        : RunStatus.RUNNING;
        };
    }

    /**
     * A full description: status from {@code info} (the latest execution), input/output/error and steps from the
     * histories of every execution of the run ({@link RunChain}), its start from the first.
     */
    static RunInfo describe(
            WorkflowExecutionInfo info,
            List<List<HistoryEvent>> chain,
            Wire.RunState state,
            DataConverter converter,
            String forkedFrom) {
        List<HistoryEvent> history = RunChain.flat(chain);
        Instant createdAt = history.isEmpty()
                ? instant(info.getStartTime())
                : instant(history.getFirst().getEventTime());
        JsonNode input = null;
        JsonNode output = null;
        ErrorInfo error = null;
        ErrorInfo taskFailure = null; // a workflow task that failed and none completed since: the run is stuck on it
        Instant updatedAt = instant(info.getStartTime());
        var childIds = new java.util.ArrayList<String>();
        for (HistoryEvent e : history) {
            updatedAt = instant(e.getEventTime());
            switch (e.getEventType()) {
                case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED ->
                    childIds.add(e.getStartChildWorkflowExecutionInitiatedEventAttributes()
                            .getWorkflowId());
                case EVENT_TYPE_WORKFLOW_TASK_FAILED ->
                    taskFailure =
                            rootError(e.getWorkflowTaskFailedEventAttributes().getFailure());
                case EVENT_TYPE_WORKFLOW_TASK_COMPLETED -> taskFailure = null;
                case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> {
                    if (input == null) { // a continued execution's input repeats the run's, with what it carries
                        input = first(
                                converter,
                                e.getWorkflowExecutionStartedEventAttributes().getInput());
                    }
                }
                case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED ->
                    output = first(
                            converter,
                            e.getWorkflowExecutionCompletedEventAttributes().getResult());
                case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED ->
                    error = error(e.getWorkflowExecutionFailedEventAttributes().getFailure());
                case EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED ->
                    error = new ErrorInfo(
                            "Terminated",
                            e.getWorkflowExecutionTerminatedEventAttributes().getReason(),
                            null);
                case EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT ->
                    error = new ErrorInfo("TimedOut", "the run exceeded its Temporal execution timeout", null);
                default -> {}
            }
        }
        if (error == null && !info.hasCloseTime() && taskFailure != null) {
            error = taskFailure; // e.g. non-determinism: Temporal retries the task until fixed code is deployed
        }
        List<StepRecord> steps = HistoryDecoder.decodeChain(chain, converter);
        var usage = steps.stream()
                .map(StepRecord::usage)
                .reduce(dev.steadfast.usage.Usage.NONE, dev.steadfast.usage.Usage::plus);
        var cost = steps.stream().map(StepRecord::cost).reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
        List<Decision> decisions = Decisions.of(history, converter);
        // an answer the workflow has not taken in yet (no worker ran since) shows as decided, as on the embedded engine
        List<PendingApproval> pending = state == null
                ? List.of()
                : state.pendingApprovals().stream()
                        .map(p -> decisions.stream()
                                .filter(d -> d.kind() == Decision.Kind.ANSWER
                                        && p.toolCallId().equals(d.target()))
                                .findFirst()
                                .map(p::withDecided)
                                .orElse(p))
                        .toList();
        return new RunInfo(
                info.getExecution().getWorkflowId(),
                info.getType().getName(),
                status(info.getStatus(), state),
                createdAt,
                updatedAt,
                info.hasCloseTime() ? instant(info.getCloseTime()) : null,
                input,
                output,
                error,
                state == null ? List.of() : state.awaitingSignals(),
                state == null ? null : state.wakeAt(),
                pending,
                steps.size(),
                usage,
                cost,
                forkedFrom,
                decisions,
                parentId(info, converter),
                childIds);
    }

    /** {@code run} with {@code more} pending approvals (those of its open children, decided through it). */
    static RunInfo withApprovals(RunInfo run, List<PendingApproval> more) {
        if (more.isEmpty()) {
            return run;
        }
        var pending = new java.util.ArrayList<>(run.pendingApprovals());
        pending.addAll(more);
        return new RunInfo(
                run.workflowId(),
                run.workflowType(),
                run.status() == RunStatus.RUNNING ? RunStatus.WAITING : run.status(),
                run.createdAt(),
                run.updatedAt(),
                run.endedAt(),
                run.input(),
                run.output(),
                run.error(),
                run.awaitingSignals(),
                run.wakeAt(),
                pending,
                run.stepCount(),
                run.usage(),
                run.cost(),
                run.forkedFrom(),
                run.decisions(),
                run.parentId(),
                run.childIds());
    }

    /** A list row: what visibility knows, without history or query. */
    static RunInfo summary(WorkflowExecutionInfo info, DataConverter converter) {
        return new RunInfo(
                info.getExecution().getWorkflowId(),
                info.getType().getName(),
                info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
                                && openStatus(info) != null
                        ? openStatus(info)
                        : status(info.getStatus(), null),
                instant(info.getStartTime()),
                info.hasCloseTime() ? instant(info.getCloseTime()) : instant(info.getStartTime()),
                info.hasCloseTime() ? instant(info.getCloseTime()) : null,
                null,
                null,
                null,
                List.of(),
                null,
                List.of(),
                0,
                null,
                null,
                forkedFrom(info, converter));
    }

    /** The run that started {@code info}'s as a child run, or {@code null}. */
    static String parentId(WorkflowExecutionInfo info, DataConverter converter) {
        if (info.hasParentExecution()) {
            return info.getParentExecution().getWorkflowId();
        }
        var field = info.getMemo().getFieldsMap().get(Wire.PARENT_MEMO);
        return field == null ? null : converter.fromPayload(field, String.class, String.class);
    }

    static String forkedFrom(WorkflowExecutionInfo info, DataConverter converter) {
        var field = info.getMemo().getFieldsMap().get(Wire.FORKED_FROM_MEMO);
        return field == null ? null : converter.fromPayload(field, String.class, String.class);
    }

    /** Whether {@code run} matches everything in {@code q} except paging. A RUNNING row matches WAITING too: only describe tells them apart. */
    static boolean matches(RunInfo run, RunQuery q) {
        boolean status = q.statuses().isEmpty()
                || q.statuses().contains(run.status())
                || run.status() == RunStatus.RUNNING && q.statuses().contains(RunStatus.WAITING);
        return status
                && (q.workflowType() == null || q.workflowType().equals(run.workflowType()))
                && (q.idContains() == null || run.workflowId().contains(q.idContains()))
                && (q.createdAfter() == null || !run.createdAt().isBefore(q.createdAfter()))
                && (q.createdBefore() == null || run.createdAt().isBefore(q.createdBefore()));
    }

    /**
     * The visibility query for {@code q}: type, creation time and status on the server ({@code ExecutionStatus}, and
     * with {@code attributes}, RUNNING and WAITING by the run's {@code SteadfastStatus}); executions the engine continued
     * as new are left out. An id that contains a text cannot be said in Temporal's query language: it is matched here.
     */
    static String visibilityQuery(RunQuery q, boolean attributes) {
        var parts = new ArrayList<String>();
        parts.add("ExecutionStatus != 'ContinuedAsNew'");
        if (q.workflowType() != null) {
            parts.add("WorkflowType = " + quoted(q.workflowType()));
        }
        if (q.createdAfter() != null) {
            parts.add("StartTime >= '" + q.createdAfter() + "'");
        }
        if (q.createdBefore() != null) {
            parts.add("StartTime < '" + q.createdBefore() + "'");
        }
        if (!q.statuses().isEmpty()) {
            var any = new ArrayList<String>();
            for (RunStatus s : new java.util.TreeSet<>(q.statuses())) {
                any.add(
                        switch (s) {
                            case RUNNING ->
                                attributes
                                        ? "(ExecutionStatus = 'Running' AND SteadfastStatus != '"
                                                + RunAttributes.WAITING + "')"
                                        : "ExecutionStatus = 'Running'";
                            case WAITING ->
                                attributes
                                        ? "(ExecutionStatus = 'Running' AND SteadfastStatus = '" + RunAttributes.WAITING
                                                + "')"
                                        : "ExecutionStatus = 'Running'";
                            case COMPLETED -> "ExecutionStatus = 'Completed'";
                            case FAILED -> "ExecutionStatus IN ('Failed', 'Terminated', 'TimedOut')";
                            case CANCELLED -> "ExecutionStatus = 'Canceled'";
                        });
            }
            parts.add("(" + String.join(" OR ", new java.util.LinkedHashSet<>(any)) + ")");
        }
        return String.join(" AND ", parts);
    }

    /** A string literal of Temporal's query language. */
    private static String quoted(String v) {
        return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** The status a run's {@code SteadfastStatus} search attribute gives an open run, or {@code null} without one. */
    static RunStatus openStatus(WorkflowExecutionInfo info) {
        var field = info.getSearchAttributes().getIndexedFieldsMap().get(RunAttributes.STATUS.getName());
        if (field == null) {
            return null;
        }
        String s = io.temporal.common.converter.DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
                field, String.class, String.class);
        return RunAttributes.WAITING.equals(s) ? RunStatus.WAITING : RunStatus.RUNNING;
    }

    private static ErrorInfo error(Failure f) {
        Failure cur = f;
        while (!cur.hasApplicationFailureInfo() && cur.hasCause()) {
            cur = cur.getCause();
        }
        String type = cur.hasApplicationFailureInfo()
                ? cur.getApplicationFailureInfo().getType()
                : "Failure";
        return new ErrorInfo(type, cur.getMessage(), cur.getStackTrace().isEmpty() ? null : cur.getStackTrace());
    }

    /** A workflow task's failure: the SDK wraps what the workflow code threw, so the innermost cause says it. */
    private static ErrorInfo rootError(Failure f) {
        Failure cur = f;
        while (cur.hasCause()) {
            cur = cur.getCause();
        }
        return error(cur);
    }

    private static JsonNode first(DataConverter converter, io.temporal.api.common.v1.Payloads p) {
        try {
            return p.getPayloadsCount() == 0
                    ? null
                    : converter.fromPayloads(0, Optional.of(p), JsonNode.class, JsonNode.class);
        } catch (RuntimeException e) {
            throw PayloadEncodings.explain(e, p);
        }
    }

    static Instant instant(com.google.protobuf.Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}

package dev.steadfast.engine.internal;

import dev.steadfast.run.Decision;
import dev.steadfast.run.PendingApproval;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.StepKind;
import dev.steadfast.run.StepRecord;
import dev.steadfast.usage.Usage;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Rows as the public views: {@link RunInfo} for describe and list, {@link StepRecord} for history. */
final class RunViews {
    private final Codec codec;

    RunViews(Codec codec) {
        this.codec = codec;
    }

    RunInfo runInfo(SqlConnection db, RunRow r) throws SQLException {
        var signals = new ArrayList<String>();
        var approvals = new ArrayList<PendingApproval>();
        var decisions = new ArrayList<Decision>();
        for (Tables.DecisionRow d : Tables.decisions(db, r.id())) {
            decisions.add(d.view(codec));
        }
        for (StepRow s : Tables.waitingSteps(db, r.id())) {
            if (s.kind() == StepKind.SIGNAL) {
                signals.add(s.waitKey());
            } else if (s.kind() == StepKind.APPROVAL) {
                PendingApproval p = codec.decode(s.input(), PendingApproval.class);
                // decided but not yet applied by the owner: shown as decided, so no one decides twice
                approvals.add(decisions.stream()
                        .filter(d -> d.kind() == Decision.Kind.ANSWER
                                && p.toolCallId().equals(d.target()))
                        .findFirst()
                        .map(p::withDecided)
                        .orElse(p));
            }
        }
        Usage usage = Usage.NONE;
        BigDecimal cost = BigDecimal.ZERO;
        for (String[] m : Tables.stepMetrics(db, r.id())) {
            usage = m[0] == null ? usage : usage.plus(codec.decode(m[0], Usage.class));
            cost = m[1] == null ? cost : cost.add(new BigDecimal(m[1]));
        }
        Instant wakeAt = Tables.timer(db, r.id()).map(Instant::ofEpochMilli).orElse(null);
        List<RunRow> children = Tables.children(db, r.id());
        for (RunRow child : children) {
            if (!child.status().isTerminal()) { // a child's pending calls are decided through its parent too
                approvals.addAll(runInfo(db, child).pendingApprovals());
            }
        }
        return new RunInfo(
                r.id(),
                r.type(),
                r.status(),
                instant(r.createdAt()),
                instant(r.updatedAt()),
                instant(r.endedAt()),
                codec.tree(r.input()),
                codec.tree(r.output()),
                codec.error(r.error()),
                signals,
                r.status().isTerminal() ? null : wakeAt,
                approvals,
                Tables.stepCount(db, r.id()),
                usage,
                cost,
                r.forkedFrom(),
                decisions,
                r.parentId(),
                children.stream().map(RunRow::id).toList());
    }

    /**
     * The run among {@code runId} and its descendants that waits for an answer to {@code toolCallId}: decisions
     * given through a parent's id reach the child that asked. {@code runId} itself when none does.
     */
    static String approvalOwner(SqlConnection db, String runId, String toolCallId) throws SQLException {
        String key = Waits.APPROVAL_KEY_PREFIX + toolCallId;
        var todo = new java.util.ArrayDeque<String>(List.of(runId));
        while (!todo.isEmpty()) {
            String id = todo.poll();
            if (Tables.waitingSteps(db, id).stream().anyMatch(s -> key.equals(s.waitKey()))) {
                return id;
            }
            Tables.children(db, id).stream()
                    .filter(c -> !c.status().isTerminal())
                    .forEach(c -> todo.add(c.id()));
        }
        return runId;
    }

    List<StepRecord> history(List<StepRow> rows) {
        var out = new ArrayList<StepRecord>(rows.size());
        for (StepRow s : rows) {
            out.add(new StepRecord(
                    s.seq(),
                    s.name(),
                    s.kind(),
                    s.status(),
                    s.attempts(),
                    codec.tree(s.input()),
                    codec.tree(s.output()),
                    codec.error(s.error()),
                    codec.attempts(s.failedAttempts()),
                    instant(s.startedAt()),
                    instant(s.endedAt()),
                    s.usage() == null ? Usage.NONE : codec.decode(s.usage(), Usage.class),
                    s.cost() == null ? BigDecimal.ZERO : new BigDecimal(s.cost())));
        }
        return out;
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}

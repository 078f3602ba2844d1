package dev.steadfast.run;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which runs {@link dev.steadfast.workflow.WorkflowEngine#list} returns, newest first.
 *
 * <pre>{@code
 * engine.list(RunQuery.all().withStatus(RunStatus.FAILED).withType("ResearchWorkflow").withLimit(20));
 * }</pre>
 *
 * @param statuses the statuses to include (empty: all)
 * @param workflowType only runs of this type, or {@code null}
 * @param idContains only runs whose id contains this text, or {@code null}
 * @param createdAfter only runs created at or after this instant, or {@code null}
 * @param createdBefore only runs created before this instant, or {@code null}
 * @param limit the most runs to return (1..10,000)
 * @param offset runs to skip, for paging
 * @param includeChildren whether child runs (agents delegated to) are listed beside the runs that started them
 */
public record RunQuery(
        Set<RunStatus> statuses,
        String workflowType,
        String idContains,
        Instant createdAfter,
        Instant createdBefore,
        int limit,
        int offset,
        boolean includeChildren) {
    public RunQuery {
        statuses = statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be in [1, 10000] but was " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0 but was " + offset);
        }
    }

    /** A query that lists child runs too. */
    public RunQuery(
            Set<RunStatus> statuses,
            String workflowType,
            String idContains,
            Instant createdAfter,
            Instant createdBefore,
            int limit,
            int offset) {
        this(statuses, workflowType, idContains, createdAfter, createdBefore, limit, offset, true);
    }

    /** Every run, child runs included, the newest 100. */
    public static RunQuery all() {
        return new RunQuery(Set.of(), null, null, null, null, 100, 0, true);
    }

    /** Only runs no other run started: child runs are found through their parent's {@link RunInfo#childIds()}. */
    public RunQuery withoutChildren() {
        return new RunQuery(statuses, workflowType, idContains, createdAfter, createdBefore, limit, offset, false);
    }

    public RunQuery withStatus(RunStatus... s) {
        return new RunQuery(
                Set.of(s), workflowType, idContains, createdAfter, createdBefore, limit, offset, includeChildren);
    }

    public RunQuery withType(String type) {
        return new RunQuery(statuses, type, idContains, createdAfter, createdBefore, limit, offset, includeChildren);
    }

    public RunQuery withIdContaining(String text) {
        return new RunQuery(statuses, workflowType, text, createdAfter, createdBefore, limit, offset, includeChildren);
    }

    public RunQuery withCreatedBetween(Instant after, Instant before) {
        return new RunQuery(statuses, workflowType, idContains, after, before, limit, offset, includeChildren);
    }

    public RunQuery withLimit(int n) {
        return new RunQuery(
                statuses, workflowType, idContains, createdAfter, createdBefore, n, offset, includeChildren);
    }

    public RunQuery withOffset(int n) {
        return new RunQuery(statuses, workflowType, idContains, createdAfter, createdBefore, limit, n, includeChildren);
    }
}

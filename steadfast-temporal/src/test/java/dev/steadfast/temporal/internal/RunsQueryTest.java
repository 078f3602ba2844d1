package dev.steadfast.temporal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.run.RunQuery;
import dev.steadfast.run.RunStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What {@code list} asks a Temporal server's visibility (the Java test server has no visibility queries, so the
 * query text is what can be checked here): status, type and time on the server, continued executions left out.
 */
class RunsQueryTest {
    @Test
    void statusesTypeAndTimeAreFilteredOnTheServer() {
        RunQuery q = RunQuery.all()
                .withStatus(RunStatus.WAITING, RunStatus.FAILED)
                .withType("it's")
                .withCreatedBetween(Instant.parse("2026-01-01T00:00:00Z"), null);
        assertThat(Runs.visibilityQuery(q, true))
                .isEqualTo("ExecutionStatus != 'ContinuedAsNew'"
                        + " AND WorkflowType = 'it\\'s' AND StartTime >= '2026-01-01T00:00:00Z'"
                        + " AND ((ExecutionStatus = 'Running' AND SteadfastStatus = 'WAITING')"
                        + " OR ExecutionStatus IN ('Failed', 'Terminated', 'TimedOut'))");
    }

    @Test
    void withoutSearchAttributesRunningAndWaitingAreOneServerStatus() {
        RunQuery q = RunQuery.all().withStatus(RunStatus.WAITING, RunStatus.RUNNING, RunStatus.CANCELLED);
        assertThat(Runs.visibilityQuery(q, false))
                .isEqualTo("ExecutionStatus != 'ContinuedAsNew'"
                        + " AND (ExecutionStatus = 'Running' OR ExecutionStatus = 'Canceled')");
        assertThat(Runs.visibilityQuery(RunQuery.all(), false)).isEqualTo("ExecutionStatus != 'ContinuedAsNew'");
    }
}

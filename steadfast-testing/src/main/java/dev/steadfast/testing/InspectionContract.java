package dev.steadfast.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunQuery;
import dev.steadfast.run.RunStatus;
import dev.steadfast.usage.UsageLimits;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What inspection shows is the same on every engine and through every view: a {@code list} row
 * carries the status, steps, tokens and cost that {@code describe} gives for the run, and a fork's
 * totals count the steps it reused. An engine's test extends this class and says how to open it.
 *
 * <pre>{@code
 * class EmbeddedInspectionTest extends InspectionContract {
 *     @TempDir Path dir;
 *
 *     protected WorkflowEngine openEngine(List<Workflow<?, ?>> workflows, List<Agent<?, ?>> agents) {
 *         return EmbeddedEngine.builder().database(dir.resolve("test.db")).register(agents.toArray(Agent[]::new)).build();
 *     }
 * }
 * }</pre>
 */
public abstract class InspectionContract {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private WorkflowEngine engine;

    /** Opens the engine under test with {@code workflows} and {@code agents} registered. */
    protected abstract WorkflowEngine openEngine(List<Workflow<?, ?>> workflows, List<Agent<?, ?>> agents);

    @AfterEach
    void closeAfterTest() {
        if (engine != null) {
            engine.close();
        }
    }

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private RunInfo listed(String id) {
        List<RunInfo> rows = engine.list(RunQuery.all().withIdContaining(id));
        assertThat(rows).as("list rows for " + id).hasSize(1);
        return rows.getFirst();
    }

    /** The run as list and describe show it, which must agree on what a user reads off a list. */
    private RunInfo agreeing(String id) {
        RunInfo described = engine.describe(id);
        RunInfo row = listed(id);
        assertThat(row.status()).as("status of " + id).isEqualTo(described.status());
        assertThat(row.stepCount()).as("steps of " + id).isEqualTo(described.stepCount());
        assertThat(row.usage()).as("usage of " + id).isEqualTo(described.usage());
        assertThat(row.cost()).as("cost of " + id).isEqualByComparingTo(described.cost());
        return described;
    }

    @Test
    void aListRowShowsTheStatusStepsTokensAndCostThatDescribeShows() {
        var researcher = DurableAgents.researcher(new DurableAgents.Counters(), UsageLimits.NONE);
        engine = openEngine(List.of(), List.of(researcher));
        String id = id("listed");
        engine.start(researcher, id, "search:wal,email:ana@example.com");
        Runs.await(
                engine,
                id,
                i -> i.status() == RunStatus.WAITING && !i.pendingApprovals().isEmpty(),
                WAIT);

        RunInfo waiting = agreeing(id);
        assertThat(waiting.status()).isEqualTo(RunStatus.WAITING);
        assertThat(waiting.stepCount()).isGreaterThanOrEqualTo(3);
        assertThat(waiting.usage().totalTokens()).isPositive();
        assertThat(engine.list(RunQuery.all().withIdContaining(id).withStatus(RunStatus.RUNNING)))
                .isEmpty();

        engine.approve(id, waiting.pendingApprovals().getFirst().toolCallId());
        AgentResult<DurableAgents.Summary> r =
                engine.start(researcher, id, "search:wal,email:ana@example.com").result(WAIT);
        RunInfo done = agreeing(id);
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.usage().requests()).isEqualTo(r.usage().requests());
        assertThat(done.usage().totalTokens()).isEqualTo(r.usage().totalTokens());
        // the run's recorded totals are the result's, tool calls included
        assertThat(done.usage()).isEqualTo(r.usage());
        assertThat(done.usage().toolCalls()).isPositive();
    }

    @Test
    void aForksTotalsCountTheStepsItReused() {
        var researcher = DurableAgents.researcher(new DurableAgents.Counters(), UsageLimits.NONE);
        engine = openEngine(List.of(), List.of(researcher));
        String id = id("source");
        engine.start(researcher, id, "search:fsync").result(WAIT);
        RunInfo source = engine.describe(id);
        int steps = source.stepCount();

        String fork = id + "-fork";
        engine.fork(id, steps, fork); // reuses every step but the last, which runs again as it did
        RunInfo forked = Runs.await(engine, fork, i -> i.status().isTerminal(), WAIT);
        assertThat(forked.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(forked.stepCount()).isEqualTo(steps);
        assertThat(forked.usage()).isEqualTo(source.usage());
        assertThat(forked.cost()).isEqualByComparingTo(source.cost());
        agreeing(fork);
    }

    @Test
    void aDecisionIsRecordedOnceWithWhoAndAConflictingOneIsRefusedNamingIt() {
        var researcher = DurableAgents.researcher(new DurableAgents.Counters(), UsageLimits.NONE);
        engine = openEngine(List.of(), List.of(researcher));
        String id = id("decided");
        engine.start(researcher, id, "search:wal,email:ana@example.com");
        RunInfo waiting = Runs.await(engine, id, i -> !i.pendingApprovals().isEmpty(), WAIT);
        String call = waiting.pendingApprovals().getFirst().toolCallId();

        engine.approve(id, call);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.deny(id, call, "no"))
                .isInstanceOf(dev.steadfast.error.DecisionConflictException.class)
                .hasMessageContaining("approved " + call + " by ");
        engine.approve(id, call); // the same again: nothing new
        engine.start(researcher, id, "search:wal,email:ana@example.com").result(WAIT);

        RunInfo done = engine.describe(id);
        assertThat(done.decisions())
                .filteredOn(d -> d.kind() == dev.steadfast.run.Decision.Kind.ANSWER)
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.target()).isEqualTo(call);
                    assertThat(d.answerVerb()).isEqualTo("approved");
                    assertThat(d.by()).isNotBlank().isNotEqualTo("unknown");
                });
        assertThat(done.decisions())
                .extracting(dev.steadfast.run.Decision::kind)
                .contains(dev.steadfast.run.Decision.Kind.START);
    }
}

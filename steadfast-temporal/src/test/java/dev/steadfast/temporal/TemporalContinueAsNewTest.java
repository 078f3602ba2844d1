package dev.steadfast.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.run.StepRecord;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The engine continues long runs as new by itself: the run's code does not change, no step runs twice, and
 * describe, history and result see one run across its executions.
 */
class TemporalContinueAsNewTest {
    @RegisterExtension
    static final TemporalTestEnvironment SERVER = new TemporalTestEnvironment();

    @Test
    void aLongAgentRunIsContinuedAsNewAndFinishesWithNoStepRunTwice() {
        // 60 turns, about 12 events each, continued every 150 events: several executions (the IT runs 1,000 turns)
        LongAgentRuns.runAndCheck(SERVER.env().getWorkflowClient(), "agent-60", 60, 150);
    }

    static final AtomicInteger BODIES = new AtomicInteger();

    /** A plain workflow: steps, a signal sent long before it is awaited, a sleep, time and ids from the context. */
    public static final class Counter implements Workflow<Integer, String> {
        @Override
        public String run(WorkflowContext ctx, Integer steps) {
            String firstNow = ctx.now().toString();
            String firstId = ctx.randomUUID().toString();
            int firstRandom = ctx.random().nextInt();
            String recorded = ctx.step("first", String.class, () -> firstNow + "/" + firstId + "/" + firstRandom);
            int sum = 0;
            for (int i = 1; i <= steps; i++) {
                int n = i;
                sum += ctx.step("count", Integer.class, () -> {
                    BODIES.incrementAndGet();
                    return n;
                });
                if (i == steps / 2) {
                    ctx.sleep(Duration.ofSeconds(1));
                    sum += ctx.awaitSignal("extra", Integer.class);
                }
            }
            boolean same = recorded.equals(firstNow + "/" + firstId + "/" + firstRandom);
            return sum + " " + (same ? "same" : "changed: " + recorded + " now " + firstNow + "/" + firstId);
        }
    }

    @Test
    void aWorkflowOfStepsCarriesItsSignalsTimeAndIdsIntoTheNextExecution() {
        WorkflowClient client = SERVER.env().getWorkflowClient();
        BODIES.set(0);
        try (WorkflowEngine engine = TemporalEngine.builder()
                .client(client)
                .taskQueue("counter")
                .continueAsNewAfter(200, 64 * 1024)
                .register(new Counter())
                .build()) {
            var handle = engine.start(Counter.class, "counter-1", 120);
            engine.signal("counter-1", "extra", 1000); // long before it is awaited: carried while buffered
            assertThat(handle.result(Duration.ofMinutes(2))).isEqualTo((120 * 121 / 2 + 1000) + " same");
            assertThat(BODIES).hasValue(120);
            assertThat(executions(client, "counter-1")).isGreaterThan(2);
            List<StepRecord> history = engine.history("counter-1");
            assertThat(history.stream().filter(s -> s.name().equals("count"))).hasSize(120);
            assertThat(history.stream().filter(s -> s.kind() == dev.steadfast.run.StepKind.SIGNAL))
                    .hasSize(1);
        }
    }

    @Test
    void aChildContinuedAsNewThatFailsHandsItsParentWhatAllItsExecutionsUsed() {
        WorkflowClient client = SERVER.env().getWorkflowClient();
        var stumbler = ChildEnds.stumbler(false);
        try (WorkflowEngine engine = TemporalEngine.builder()
                .client(client)
                .taskQueue("slow-child")
                .continueAsNewAfter(100, 64 * 1024)
                .register(new ChildEnds.Stumble(stumbler))
                .register(stumbler)
                .build()) {
            Object out = engine.start("Stumble", "slow-1", "slowly").result(Duration.ofMinutes(2));

            assertThat(out).isEqualTo("failed in slow-1.c1: dev.steadfast.model.ModelHttpException");
            assertThat(executions(client, "slow-1.c1")).isGreaterThan(1);
            var child = engine.describe("slow-1.c1");
            assertThat(child.usage().requests()).isEqualTo(ChildEnds.TURNS);
            // what the child's earlier executions used is carried into the failure of its last
            assertThat(engine.describe("slow-1").usage()).isEqualTo(child.usage());
            assertThat(engine.describe("slow-1").cost()).isEqualByComparingTo(child.cost());
        }
    }

    /** How many executions the run's chain has: the closed executions the engine continued, plus the latest. */
    static int executions(WorkflowClient client, String workflowId) {
        int n = 1;
        List<HistoryEvent> events = client.fetchHistory(workflowId).getEvents();
        String previous =
                events.getFirst().getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId();
        while (!previous.isEmpty()) {
            n++;
            events = client.fetchHistory(workflowId, previous).getEvents();
            assertThat(events.getLast().getEventType())
                    .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
            previous = events.getFirst()
                    .getWorkflowExecutionStartedEventAttributes()
                    .getContinuedExecutionRunId();
        }
        return n;
    }
}

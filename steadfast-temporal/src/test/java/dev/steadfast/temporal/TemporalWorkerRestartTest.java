package dev.steadfast.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.error.NonDeterminismException;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunStatus;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A run that outlives its worker: the next worker replays the history, so recorded steps are not
 * run again; code changed in between is either guarded by {@code patched} or rejected as
 * non-deterministic.
 */
class TemporalWorkerRestartTest {
    /** Step executions per run id and step name. */
    static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();
    /** "Deploys" the new version of the workflows below. */
    static final AtomicBoolean NEW_CODE = new AtomicBoolean();

    static String count(WorkflowContext ctx, String step) {
        RUNS.computeIfAbsent(ctx.workflowId() + "/" + step, k -> new AtomicInteger()).incrementAndGet();
        return step;
    }

    static int ran(String id, String step) {
        AtomicInteger n = RUNS.get(id + "/" + step);
        return n == null ? 0 : n.get();
    }

    /** v2 adds a step before the wait, guarded by {@code patched}. */
    public static final class Evolving implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String input) {
            String out = ctx.step("first", String.class, () -> count(ctx, "first"));
            if (NEW_CODE.get() && ctx.patched("add-audit")) {
                out += "+" + ctx.step("audit", String.class, () -> count(ctx, "audit"));
            }
            ctx.awaitSignal("go", String.class);
            return out + "+" + ctx.step("last", String.class, () -> count(ctx, "last"));
        }
    }

    /** v2 renames its first step without a patch: replay must refuse it. */
    public static final class Renaming implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String input) {
            String name = NEW_CODE.get() ? "fetch-v2" : "fetch";
            ctx.step(name, String.class, () -> count(ctx, name));
            ctx.awaitSignal("go", String.class);
            return "done";
        }
    }

    /** Two steps back to back, nothing in between. */
    public static final class Consecutive implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String input) {
            return ctx.step("one", String.class, () -> "1") + ctx.step("two", String.class, () -> "2");
        }
    }

    @RegisterExtension
    static final TemporalTestEnvironment SERVER = new TemporalTestEnvironment();

    @AfterAll
    static void stop() {
        NEW_CODE.set(false);
    }

    private static WorkflowEngine engine(String queue) {
        // No sticky hand-off: the test server would keep routing the run to the closed worker.
        return TemporalEngine.builder().client(SERVER.env().getWorkflowClient()).taskQueue(queue)
                .stickyQueueTimeout(Duration.ZERO).register(new Evolving(), new Renaming(), new Consecutive()).build();
    }

    @Test
    void aNewWorkerReplaysRecordedStepsWithoutRunningThemAndPatchedTellsOldRunsFromNew() {
        NEW_CODE.set(false);
        try (WorkflowEngine first = engine("restart")) {
            first.start(Evolving.class, "evolve-old", "x");
            TemporalTestEnvironment.awaitWaitingFor(first, "evolve-old", "go");
        }
        NEW_CODE.set(true);
        try (WorkflowEngine second = engine("restart")) {
            var fresh = second.start(Evolving.class, "evolve-new", "x");
            // Waiting on a result lets the test server skip time, and it times out a run left idle meanwhile:
            // both runs get their signal before either result is awaited.
            TemporalTestEnvironment.awaitWaitingFor(second, "evolve-new", "go");
            second.signal("evolve-old", "go", "now");
            second.signal("evolve-new", "go", "now");
            assertThat(second.handle("evolve-old", String.class).result(Duration.ofSeconds(30)))
                    .isEqualTo("first+last");
            assertThat(fresh.result(Duration.ofSeconds(30))).isEqualTo("first+audit+last");
        } finally {
            NEW_CODE.set(false);
        }
        assertThat(ran("evolve-old", "first")).isEqualTo(1);
        assertThat(ran("evolve-old", "audit")).isZero();
        assertThat(ran("evolve-old", "last")).isEqualTo(1);
        assertThat(ran("evolve-new", "audit")).isEqualTo(1);
    }

    @Test
    void aRenamedStepBlocksTheRunWithTheErrorShownUntilCodeThatMatchesItsHistoryIsDeployed() {
        NEW_CODE.set(false);
        try (WorkflowEngine first = engine("rename")) {
            first.start(Renaming.class, "rename-1", "x");
            TemporalTestEnvironment.awaitWaitingFor(first, "rename-1", "go");
        }
        NEW_CODE.set(true);
        try (WorkflowEngine second = engine("rename")) {
            second.signal("rename-1", "go", "now");
            // the code is at fault, not the run: it stays open, with the mismatch shown
            TemporalTestEnvironment.awaitState(second, "rename-1", r -> r.error() != null);
            RunInfo blocked = second.describe("rename-1");
            assertThat(blocked.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(blocked.error().type()).isEqualTo(NonDeterminismException.class.getName());
            assertThat(blocked.error().message()).contains("'fetch'").contains("'fetch-v2'");
        }
        NEW_CODE.set(false);
        try (WorkflowEngine third = engine("rename")) {
            // the old code is back: the retried workflow task replays cleanly and the run goes on
            assertThat(third.handle("rename-1", String.class).result(Duration.ofSeconds(60))).isEqualTo("done");
            assertThat(third.describe("rename-1").error()).isNull();
        }
        assertThat(ran("rename-1", "fetch")).isEqualTo(1);
        assertThat(ran("rename-1", "fetch-v2")).isZero();
    }

    @Test
    void eachStepIsPersistedInItsOwnWorkflowTask() {
        NEW_CODE.set(false);
        try (WorkflowEngine engine = engine("checkpoint")) {
            assertThat(engine.start(Consecutive.class, "checkpoint-1", "x").result(Duration.ofSeconds(30))).isEqualTo("12");
        }
        // Local-activity results are written when the workflow task completes; a crash loses only the
        // step in flight if every step's marker is followed by its own task completion.
        List<HistoryEvent> events = SERVER.env().getWorkflowClient().fetchHistory("checkpoint-1").getEvents();
        List<EventType> types = events.stream().map(HistoryEvent::getEventType)
                .filter(t -> t == EventType.EVENT_TYPE_MARKER_RECORDED || t == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
                .toList();
        int firstMarker = types.indexOf(EventType.EVENT_TYPE_MARKER_RECORDED);
        int secondMarker = types.subList(firstMarker + 1, types.size()).indexOf(EventType.EVENT_TYPE_MARKER_RECORDED);
        assertThat(firstMarker).isNotNegative();
        assertThat(secondMarker).isPositive();   // a task completion sits between the two step markers
    }
}

package dev.steadfast.testing.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunQuery;
import dev.steadfast.run.RunStatus;
import dev.steadfast.schedule.CatchUpPolicy;
import dev.steadfast.schedule.NoSuchScheduleException;
import dev.steadfast.schedule.OverlapPolicy;
import dev.steadfast.schedule.Schedule;
import dev.steadfast.schedule.ScheduleInfo;
import dev.steadfast.schedule.ScheduleSpec;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What schedules promise on every engine: a schedule reads back as it was created; each slot starts a run
 * named {@code <scheduleId>-<slot>} with the schedule's input; trigger starts one now, also while paused;
 * delete keeps the runs; unknown ids and duplicates are refused plainly. The clock is the wall clock, so an
 * engine that fires schedules on its own server runs it as well. An engine's test extends this class.
 *
 * <pre>{@code
 * class EmbeddedScheduleTest extends ScheduleContract {
 *     @TempDir Path dir;
 *
 *     protected WorkflowEngine openEngine(Workflow<?, ?> workflow) {
 *         return EmbeddedEngine.builder().database(dir.resolve("s.db")).register(workflow).build();
 *     }
 * }
 * }</pre>
 */
public abstract class ScheduleContract {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private WorkflowEngine engine;

    /** Opens the engine under test with {@code workflow} registered. */
    protected abstract WorkflowEngine openEngine(Workflow<?, ?> workflow);

    /** The scheduled workflow: greets its input. */
    public static final class Greet implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String name) {
            return ctx.step("greet", String.class, () -> "hello " + name);
        }
    }

    @AfterEach
    void closeAfterTest() {
        if (engine != null) {
            engine.close();
        }
    }

    private WorkflowEngine engine() {
        if (engine == null) {
            engine = openEngine(new Greet());
        }
        return engine;
    }

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static <T> T await(String what, Supplier<T> probe) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + WAIT + ": " + what);
            }
            try {
                Thread.sleep(20); // polling the condition, not waiting for time to pass
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private RunInfo completedRunOf(String scheduleId) {
        return await(
                "a completed run of " + scheduleId,
                () -> engine().list(RunQuery.all().withIdContaining(scheduleId + "-")).stream()
                        .filter(r -> r.status() == RunStatus.COMPLETED)
                        .findFirst()
                        .orElse(null));
    }

    @Test
    void aScheduleReadsBackAsItWasCreated() {
        String id = id("readback");
        Schedule s = Schedule.builder(id)
                .workflow("Greet", "ana")
                .cron("15 4 * * MON-FRI", ZoneId.of("America/New_York"))
                .overlap(OverlapPolicy.BUFFER_ONE)
                .catchUp(CatchUpPolicy.SKIP_MISSED)
                .jitter(Duration.ofSeconds(30))
                .build();
        Instant before = Instant.now();
        ScheduleInfo info = engine().schedules().create(s);
        assertThat(info.id()).isEqualTo(id);
        assertThat(info.schedule().spec()).isEqualTo(s.spec());
        assertThat(info.schedule().workflowType()).isEqualTo("Greet");
        assertThat(info.schedule().input()).hasToString("\"ana\"");
        assertThat(info.schedule().overlap()).isEqualTo(OverlapPolicy.BUFFER_ONE);
        assertThat(info.schedule().catchUp()).isEqualTo(CatchUpPolicy.SKIP_MISSED);
        assertThat(info.schedule().jitter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(info.schedule().paused()).isFalse();
        assertThat(info.nextFireAt()).isEqualTo(s.spec().next(before).orElseThrow());
        assertThat(info.recentRuns()).isEmpty();
        assertThat(engine().schedules().list()).extracting(ScheduleInfo::id).contains(id);
        engine().schedules().pause(id);
        assertThat(engine().schedules().describe(id).schedule().paused()).isTrue();
        assertThat(engine().schedules().describe(id).nextFireAt()).isNull();
        engine().schedules().resume(id);
        assertThat(engine().schedules().describe(id).nextFireAt()).isNotNull();
        engine().schedules().delete(id);
    }

    @Test
    void eachSlotStartsARunNamedForItsSlotWithTheSchedulesInput() {
        String id = id("every");
        engine().schedules()
                .create(Schedule.builder(id)
                        .workflow("Greet", "bo")
                        .spec(ScheduleSpec.every(Duration.ofSeconds(1)))
                        .build());
        RunInfo run = completedRunOf(id);
        Instant slot = Instant.parse(run.workflowId().substring(id.length() + 1));
        assertThat(Schedule.runId(id, slot)).isEqualTo(run.workflowId());
        assertThat(slot.toEpochMilli() % 1_000)
                .as("a slot of the one-second grid")
                .isZero();
        assertThat(run.output().asText()).isEqualTo("hello bo");
        await(
                "the run listed as the schedule's",
                () -> engine().schedules().describe(id).recentRuns().contains(run.workflowId()) ? true : null);
        engine().schedules().delete(id);
        assertThat(engine().describe(run.workflowId()).status())
                .as("its runs stay")
                .isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void triggerStartsARunNowAlsoWhilePaused() {
        String id = id("trigger");
        engine().schedules()
                .create(Schedule.builder(id)
                        .workflow("Greet", "cy")
                        .every(Duration.ofHours(1))
                        .paused(true)
                        .build());
        String run = engine().schedules().trigger(id);
        assertThat(run).startsWith(id + "-");
        assertThat(engine().handle(run, String.class).result(WAIT)).isEqualTo("hello cy");
        engine().schedules().delete(id);
    }

    @Test
    void duplicatesAndUnknownIdsAreRefusedPlainly() {
        String id = id("dup");
        Schedule s = Schedule.builder(id)
                .workflow("Greet", "x")
                .every(Duration.ofHours(1))
                .build();
        engine().schedules().create(s);
        assertThatThrownBy(() -> engine().schedules().create(s))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(id);
        engine().schedules().delete(id);
        for (Runnable call : List.<Runnable>of(
                () -> engine().schedules().describe(id),
                () -> engine().schedules().pause(id),
                () -> engine().schedules().resume(id),
                () -> engine().schedules().trigger(id),
                () -> engine().schedules().delete(id))) {
            assertThatThrownBy(call::run)
                    .isInstanceOf(NoSuchScheduleException.class)
                    .hasMessageContaining(id);
        }
    }
}

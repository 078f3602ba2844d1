package dev.steadfast.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunQuery;
import dev.steadfast.run.RunStatus;
import dev.steadfast.schedule.CatchUpPolicy;
import dev.steadfast.schedule.NoSuchScheduleException;
import dev.steadfast.schedule.OverlapPolicy;
import dev.steadfast.schedule.Schedule;
import dev.steadfast.testing.Runs;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schedules on the embedded engine, with the engine's clock in the test's hand: slots fire when {@link Scheduler#tick} finds them due. */
class SchedulerTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path dir;

    /** A run that lasts until it is signalled "done". */
    static final class Job implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
            ctx.awaitSignal("done", String.class);
            return "did " + in;
        }
    }

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        private volatile Instant now = T0;

        void set(Instant t) {
            now = t;
        }

        public Instant instant() {
            return now;
        }

        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final TestClock clock = new TestClock();

    private EmbeddedWorkflowEngine open() {
        return (EmbeddedWorkflowEngine) EmbeddedEngine.builder()
                .database(dir.resolve("s.db"))
                .clock(clock)
                .register(new Job())
                .build();
    }

    private static Schedule.Builder everyMinute(String id) {
        return Schedule.builder(id).workflow("Job", "report").every(Duration.ofMinutes(1));
    }

    /** Fires until nothing more is due now (the engine's own thread may fire some of them first: same result). */
    private static void fireDue(EmbeddedWorkflowEngine engine) {
        for (int i = 0; i < 100; i++) {
            engine.schedules().scheduler().tick();
        }
    }

    private static List<String> runIds(EmbeddedWorkflowEngine engine) {
        return engine.list(RunQuery.all().withLimit(1000)).stream()
                .map(RunInfo::workflowId)
                .sorted()
                .toList();
    }

    private static String slot(String id, String at) {
        return Schedule.runId(id, Instant.parse(at));
    }

    private static void finish(EmbeddedWorkflowEngine engine, String runId) {
        engine.signal(runId, "done", "ok");
        Runs.await(engine, runId, r -> r.status() == RunStatus.COMPLETED);
    }

    @Test
    void eachSlotStartsOneRunNamedForItsSlot() {
        try (var engine = open()) {
            engine.schedules()
                    .create(everyMinute("s").overlap(OverlapPolicy.ALLOW_ALL).build());
            fireDue(engine);
            assertThat(runIds(engine)).isEmpty();
            clock.set(T0.plusSeconds(185));
            fireDue(engine);
            assertThat(runIds(engine))
                    .containsExactly(
                            slot("s", "2030-01-01T00:01:00Z"),
                            slot("s", "2030-01-01T00:02:00Z"),
                            slot("s", "2030-01-01T00:03:00Z"));
            var info = engine.schedules().describe("s");
            assertThat(info.nextFireAt()).isEqualTo(Instant.parse("2030-01-01T00:04:00Z"));
            assertThat(info.lastSlot()).isEqualTo(Instant.parse("2030-01-01T00:03:00Z"));
            assertThat(info.recentRuns())
                    .containsExactly(
                            slot("s", "2030-01-01T00:03:00Z"),
                            slot("s", "2030-01-01T00:02:00Z"),
                            slot("s", "2030-01-01T00:01:00Z"));
            assertThat(info.schedule().input()).hasToString("\"report\"");
            String run = slot("s", "2030-01-01T00:02:00Z");
            List<Tables.DecisionRow> decisions = store(engine).read(db -> Tables.decisions(db, run));
            assertThat(decisions)
                    .singleElement()
                    .satisfies(d -> assertThat(d.by()).isEqualTo("schedule:s"));
            finish(engine, run);
            assertThat(engine.handle(run, String.class).result(Duration.ofSeconds(20)))
                    .isEqualTo("did report");
        }
    }

    private static SqliteStore store(EmbeddedWorkflowEngine engine) {
        return engine.schedules().runtime().store;
    }

    @Test
    void skipStartsNothingWhileTheLastRunRuns() {
        try (var engine = open()) {
            engine.schedules().create(everyMinute("skip").build());
            clock.set(T0.plusSeconds(60));
            fireDue(engine);
            clock.set(T0.plusSeconds(120));
            fireDue(engine);
            String first = slot("skip", "2030-01-01T00:01:00Z");
            assertThat(runIds(engine)).containsExactly(first);
            finish(engine, first);
            clock.set(T0.plusSeconds(180));
            fireDue(engine);
            assertThat(runIds(engine)).containsExactly(first, slot("skip", "2030-01-01T00:03:00Z"));
        }
    }

    @Test
    void bufferOneStartsOneWaitingSlotWhenTheLastRunEnds() {
        try (var engine = open()) {
            engine.schedules()
                    .create(everyMinute("buf").overlap(OverlapPolicy.BUFFER_ONE).build());
            clock.set(T0.plusSeconds(60));
            fireDue(engine);
            clock.set(T0.plusSeconds(180)); // slots 00:02 and 00:03 come while the first runs
            fireDue(engine);
            String first = slot("buf", "2030-01-01T00:01:00Z");
            assertThat(runIds(engine)).containsExactly(first);
            finish(engine, first);
            fireDue(engine);
            assertThat(runIds(engine)).containsExactly(first, slot("buf", "2030-01-01T00:02:00Z"));
            assertThat(engine.schedules().describe("buf").nextFireAt())
                    .isEqualTo(Instant.parse("2030-01-01T00:04:00Z"));
        }
    }

    @Test
    void runOnceCatchesUpWithTheLatestSlotMissedWhileNoEngineRan() {
        try (var engine = open()) {
            engine.schedules().create(everyMinute("once").build());
            engine.schedules()
                    .create(everyMinute("skipped")
                            .catchUp(CatchUpPolicy.SKIP_MISSED)
                            .build());
        }
        clock.set(T0.plusSeconds(10 * 60 + 30)); // down for ten slots
        try (var engine = open()) {
            fireDue(engine);
            assertThat(runIds(engine)).containsExactly(slot("once", "2030-01-01T00:10:00Z"));
            assertThat(engine.schedules().describe("skipped").nextFireAt())
                    .isEqualTo(Instant.parse("2030-01-01T00:11:00Z"));
            assertThat(engine.schedules().describe("once").nextFireAt())
                    .isEqualTo(Instant.parse("2030-01-01T00:11:00Z"));
        }
    }

    @Test
    void pausedFiresNothingAndResumeCatchesUpByThePolicy() {
        try (var engine = open()) {
            engine.schedules()
                    .create(everyMinute("p")
                            .catchUp(CatchUpPolicy.SKIP_MISSED)
                            .paused(true)
                            .build());
            assertThat(engine.schedules().describe("p").nextFireAt()).isNull();
            clock.set(T0.plusSeconds(300));
            fireDue(engine);
            assertThat(runIds(engine)).isEmpty();
            engine.schedules().resume("p");
            fireDue(engine);
            assertThat(runIds(engine)).isEmpty();
            assertThat(engine.schedules().describe("p").nextFireAt()).isEqualTo(Instant.parse("2030-01-01T00:06:00Z"));
            engine.schedules().pause("p");
            engine.schedules().pause("p");
            assertThat(engine.schedules().describe("p").schedule().paused()).isTrue();
        }
    }

    @Test
    void aJitteredSlotStartsWithinItsJitterUnderTheSlotsId() {
        try (var engine = open()) {
            Schedule s = everyMinute("j").jitter(Duration.ofSeconds(30)).build();
            engine.schedules().create(s);
            Instant slot = Instant.parse("2030-01-01T00:01:00Z");
            Duration delay = s.jitterFor(slot);
            assertThat(delay).isBetween(Duration.ZERO, Duration.ofSeconds(30));
            if (!delay.isZero()) {
                clock.set(slot.plus(delay).minusMillis(1));
                fireDue(engine);
                assertThat(runIds(engine)).isEmpty();
            }
            clock.set(slot.plus(delay));
            fireDue(engine);
            assertThat(runIds(engine)).containsExactly(Schedule.runId("j", slot));
        }
    }

    @Test
    void triggerDeleteAndWhatIsRefused() {
        try (var engine = open()) {
            engine.schedules().create(everyMinute("t").paused(true).build());
            clock.set(T0.plusMillis(1_500));
            String run = engine.schedules().trigger("t");
            assertThat(run).isEqualTo("t-2030-01-01T00:00:01.500Z");
            assertThat(runIds(engine)).containsExactly(run);
            assertThatThrownBy(() -> engine.schedules().create(everyMinute("t").build()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Schedule 't' exists");
            assertThatThrownBy(() -> engine.schedules()
                            .create(Schedule.builder("u")
                                    .workflow("Nope", 1)
                                    .every(Duration.ofMinutes(1))
                                    .build()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("workflow 'Nope', which is not registered")
                    .hasMessageContaining("Job");
            assertThatThrownBy(() -> engine.schedules()
                            .create(Schedule.builder("v")
                                    .workflow("Job", List.of(1))
                                    .every(Duration.ofMinutes(1))
                                    .build()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must convert to java.lang.String");
            engine.schedules().delete("t");
            assertThat(engine.schedules().list()).isEmpty();
            assertThatThrownBy(() -> engine.schedules().describe("t")).isInstanceOf(NoSuchScheduleException.class);
            assertThatThrownBy(() -> engine.schedules().pause("t")).isInstanceOf(NoSuchScheduleException.class);
            assertThat(runIds(engine)).as("the runs it started stay").containsExactly(run);
        }
    }

    @Test
    void aSecondProcessCreatesAndResumesAndTheOwnerFiresOnceForWhatWasMissed() {
        try (var owner = open();
                var steer = (EmbeddedWorkflowEngine) EmbeddedEngine.builder()
                        .database(dir.resolve("s.db"))
                        .clock(clock)
                        .access(EmbeddedEngine.Access.STEER_ONLY)
                        .build()) {
            steer.schedules()
                    .create(everyMinute("remote")
                            .overlap(OverlapPolicy.ALLOW_ALL)
                            .paused(true)
                            .build());
            assertThat(owner.schedules().list()).extracting(i -> i.id()).containsExactly("remote");
            clock.set(T0.plusSeconds(5 * 60 + 10)); // five slots pass while paused
            fireDue(owner);
            assertThat(runIds(owner)).isEmpty();
            steer.schedules().resume("remote");
            fireDue(owner);
            assertThat(runIds(owner)).containsExactly(slot("remote", "2030-01-01T00:05:00Z"));
        }
    }
}

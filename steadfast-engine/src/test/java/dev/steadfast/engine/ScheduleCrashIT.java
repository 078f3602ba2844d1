package dev.steadfast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.run.Decision;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunQuery;
import dev.steadfast.schedule.Schedule;
import dev.steadfast.schedule.ScheduleInfo;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM owning the database fires a one-second schedule and is SIGKILLed at random moments (some during
 * start-up and catch-up), round after round. Afterwards every run of the schedule is named for a slot of its
 * grid, no slot has two runs, each run was started once (one START decision, by the schedule), the schedule's
 * cursor moved exactly with its runs (inserted in one transaction), and slots are missing only across restarts:
 * at most one gap per child started. Replay the kill points with {@code -Dcrash.seed=<printed seed>}.
 */
class ScheduleCrashIT {
    @TempDir
    Path dir;

    @Test
    void eachSlotStartsExactlyOneRunAcrossSigkills() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        int kills = Integer.getInteger("crash.kills", 8);
        System.out.println("ScheduleCrashIT seed=" + seed + " kills=" + kills);
        var random = new Random(seed);
        Path db = dir.resolve("schedules.db");
        for (int round = 0; round < kills; round++) {
            try (ChildJvm child = ChildJvm.start(ScheduleCrashChild.class, db.toString())) {
                if (round > 0 && random.nextInt(4) == 0) {
                    Thread.sleep(200 + random.nextInt(800)); // during start-up and catch-up, READY or not
                } else {
                    child.await("READY"::equals, Duration.ofSeconds(60));
                    Thread.sleep(300 + random.nextInt(2_500)); // a kill point, not a wait for anything
                }
            } // close() is SIGKILL
        }

        try (WorkflowEngine engine = EmbeddedEngine.builder()
                .database(db)
                .access(EmbeddedEngine.Access.READ_ONLY)
                .build()) {
            ScheduleInfo beat = engine.schedules().describe(ScheduleCrashChild.SCHEDULE);
            List<RunInfo> runs = engine.list(RunQuery.all().withLimit(10_000));
            assertThat(runs).as("the schedule fired").isNotEmpty();
            var slots = new TreeSet<Instant>();
            for (RunInfo r : runs) {
                String id = r.workflowId();
                assertThat(id).startsWith(ScheduleCrashChild.SCHEDULE + "-");
                Instant slot = Instant.parse(id.substring(ScheduleCrashChild.SCHEDULE.length() + 1));
                assertThat(slot.toEpochMilli() % 1_000)
                        .as("%s is on the one-second grid", id)
                        .isZero();
                assertThat(Schedule.runId(ScheduleCrashChild.SCHEDULE, slot)).isEqualTo(id);
                assertThat(slots.add(slot)).as("slot %s started one run", slot).isTrue();
                assertThat(r.decisions())
                        .as("%s was started once, by the schedule", id)
                        .filteredOn(d -> d.kind() == Decision.Kind.START)
                        .singleElement()
                        .satisfies(d -> assertThat(d.by()).isEqualTo("schedule:" + ScheduleCrashChild.SCHEDULE));
            }
            assertThat(beat.lastSlot()).as("the cursor moved with the runs").isEqualTo(slots.last());
            assertThat(beat.nextFireAt()).isAfter(beat.lastSlot());
            int gaps = 0;
            Instant previous = null;
            for (Instant s : slots) {
                if (previous != null && !s.equals(previous.plusSeconds(1))) {
                    gaps++;
                }
                previous = s;
            }
            System.out.println("ScheduleCrashIT: " + kills + " SIGKILLs, " + slots.size() + " runs from "
                    + slots.first() + " to " + slots.last() + ", " + gaps + " gaps (restarts)");
            assertThat(gaps)
                    .as("slots are missed only while no engine ran: one gap per restart at most")
                    .isLessThanOrEqualTo(kills - 1);
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
                var rs = c.createStatement().executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
    }
}

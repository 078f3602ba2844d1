package dev.steadfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.run.RunStatus;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code schedules …}: the CLI records schedules in the file (executing nothing), the engine that owns it fires
 * them; bad specs are usage errors (2), unknown schedules not found (3), each with a message that says why.
 */
class SchedulesCommandsTest {
    @TempDir
    Path dir;

    Path db;
    CliRunner cli;

    @BeforeEach
    void seed() {
        db = dir.resolve("schedules.db");
        TestRuns.seed(db);
        cli = new CliRunner(db);
    }

    @Test
    void createListShowPauseResumeAndDelete() {
        var created = cli.run(
                "schedules",
                "create",
                "nightly",
                "Charge",
                "\"ana\"",
                "--cron",
                "0 3 * * MON-FRI",
                "--zone",
                "Europe/Berlin",
                "--overlap",
                "buffer_one",
                "--jitter",
                "2m");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.out()).contains("created schedule nightly: cron '0 3 * * MON-FRI' Europe/Berlin, next 20");
        var list = cli.run("schedules", "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains("ID", "nightly", "Charge", "cron '0 3 * * MON-FRI'", "active");
        var show = cli.run("schedules", "show", "nightly");
        assertThat(show.out())
                .contains(
                        "starts   Charge with \"ana\"",
                        "jitter 2m",
                        "overlap  BUFFER_ONE, catch-up RUN_ONCE",
                        "none yet");
        assertThat(cli.run("schedules", "show", "nightly", "--json").out())
                .contains("\"workflowType\" : \"Charge\"", "\"overlap\" : \"BUFFER_ONE\"");
        assertThat(cli.run("schedules", "pause", "nightly").exitCode()).isZero();
        assertThat(cli.run("schedules", "list").out()).contains("paused");
        assertThat(cli.run("schedules", "resume", "nightly").exitCode()).isZero();
        assertThat(cli.run("schedules", "list", "--json").out()).contains("\"paused\" : false");
        var deleted = cli.run("schedules", "delete", "nightly");
        assertThat(deleted.out()).contains("deleted schedule nightly (its runs stay)");
        assertThat(cli.run("schedules", "list").out()).contains("no schedules");
    }

    @Test
    void triggerRecordsARunThatTheOwnerRuns() {
        assertThat(cli.run("schedules", "create", "every", "Charge", "\"bo\"", "--every", "1h", "--paused")
                        .exitCode())
                .isZero();
        var r = cli.run("schedules", "trigger", "every");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String run = r.out().replaceAll("(?s)started run (\\S+) .*", "$1");
        assertThat(run).startsWith("every-20");
        try (WorkflowEngine owner = TestRuns.owner(db)) {
            // Charge always declines: the owner ran it, with the schedule's input
            var ended = TestRuns.await(owner, run, i -> i.status().isTerminal());
            assertThat(ended.status()).isEqualTo(RunStatus.FAILED);
            assertThat(ended.error().message()).startsWith("card bo declined");
            assertThat(owner.schedules().describe("every").recentRuns()).containsExactly(run);
        }
    }

    @Test
    void badSpecsAreUsageErrorsAndUnknownSchedulesNotFound() {
        var both = cli.run("schedules", "create", "x", "Charge", "1", "--cron", "* * * * *", "--every", "1m");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("give one of --cron");
        var bad = cli.run("schedules", "create", "x", "Charge", "1", "--cron", "0 3 1 * MON");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("restricts both day-of-month");
        var field = cli.run("schedules", "create", "x", "Charge", "1", "--cron", "0 25 * * *");
        assertThat(field.exitCode()).isEqualTo(2);
        assertThat(field.err()).contains("hour field '25'");
        var every = cli.run("schedules", "create", "x", "Charge", "1", "--every", "soon");
        assertThat(every.exitCode()).isEqualTo(2);
        assertThat(every.err()).contains("--every takes 30s, 5m, 1h, 1d");
        var missing = cli.run("schedules", "show", "nope");
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.err()).contains("No schedule 'nope'");
        assertThat(cli.run("schedules", "pause", "nope").exitCode()).isEqualTo(3);
        assertThat(cli.run("schedules", "--help").out())
                .contains("list", "show", "create", "pause", "resume", "trigger", "delete");
    }
}

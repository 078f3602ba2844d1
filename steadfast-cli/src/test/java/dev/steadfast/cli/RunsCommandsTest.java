package dev.steadfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.message.Messages;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runs list | show}, help and usage errors, against a real embedded database. */
class RunsCommandsTest {
    @TempDir
    static Path dir;

    static Path db;
    static CliRunner cli;

    @BeforeAll
    static void seed() {
        db = dir.resolve("runs.db");
        TestRuns.seed(db);
        cli = new CliRunner(db);
    }

    @Test
    void listShowsEachRunWithItsStatusAndPendingApprovals() {
        var r = cli.run("runs", "list");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("ID", "STATUS")
                .containsPattern("mail-1 +mailer +WAITING .*1 pending approval")
                .containsPattern("charge-1 +Charge +FAILED");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void listFiltersByStatusTypeAndTime() {
        assertThat(cli.run("runs", "list", "--status", "failed").out())
                .contains("charge-1")
                .doesNotContain("mail-1");
        assertThat(cli.run("runs", "list", "--type", "mailer").out())
                .contains("mail-1")
                .doesNotContain("charge-1");
        assertThat(cli.run("runs", "list", "--since", "1h", "--limit", "1")
                        .out()
                        .lines()
                        .count())
                .isEqualTo(2);
        assertThat(cli.run("runs", "list", "--since", "2999-01-01").out()).contains("no runs match");
        var bad = cli.run("runs", "list", "--since", "yesterday");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--since takes 30m, 2h, 7d");
    }

    @Test
    void listAsJsonIsAnArrayOfRuns() throws Exception {
        JsonNode runs =
                Messages.mapper().readTree(cli.run("runs", "list", "--json").out());
        assertThat(runs.isArray()).isTrue();
        assertThat(runs.findValuesAsText("workflowId")).containsExactlyInAnyOrder("mail-1", "charge-1");
    }

    @Test
    void showPrintsTheTimelineWithAttemptsAndErrorsAsInertText() {
        var r = cli.run("runs", "show", "charge-1");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("run charge-1  (Charge)  FAILED", "seq  kind", "charge", "failed")
                .contains("attempt 1 failed at", "card 4242 declined", "next attempt after 10 ms")
                .contains("\\u001b[31m") // the escape sequence in the error is shown, not obeyed
                .doesNotContain("\u001b");
    }

    @Test
    void showNamesThePendingApprovalAndHowToDecide() {
        var r = cli.run("runs", "show", "mail-1");
        assertThat(r.out())
                .contains(
                        "WAITING", "pending approval", "mailer wants send_email", "approve: steadfast approve mail-1 ")
                .contains("mailer.model", "mailer.tool.lookup");
    }

    @Test
    void showJsonAndOneStepInFull() throws Exception {
        JsonNode doc = Messages.mapper()
                .readTree(cli.run("runs", "show", "charge-1", "--json").out());
        assertThat(doc.path("run").path("status").asText()).isEqualTo("FAILED");
        assertThat(doc.path("steps").get(0).path("failedAttempts").size()).isEqualTo(2);

        var step = cli.run("runs", "show", "mail-1", "--step", "2");
        assertThat(step.out())
                .contains("mailer.tool.lookup", "input:", "\"customer\" : \"Ada\"", "output:", "<img src=x onerror=");

        var missing = cli.run("runs", "show", "mail-1", "--step", "99");
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.err()).contains("has no step 99");
    }

    @Test
    void anUnknownRunIsExitThreeWithOneLineThatSaysWhatToDo() {
        var r = cli.run("runs", "show", "nope");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err().strip())
                .isEqualTo("steadfast: no run 'nope' in " + db + " — list runs with: steadfast runs list --db " + db);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aMissingDatabaseIsNotFoundAndIsNotCreated() {
        Path none = dir.resolve("none/x.db");
        var r = CliRunner.runWith(Map.of(), "runs", "list", "--db", none.toString());
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("no database at " + none);
        assertThat(none.getParent()).doesNotExist();
    }

    @Test
    void listingBeforeAnythingRanIsAnEmptyListNotAnError() {
        org.junit.jupiter.api.Assumptions.assumeFalse(java.nio.file.Files.exists(Path.of(".steadfast/steadfast.db")));
        var r = CliRunner.runWith(Map.of(), "runs", "list");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .contains("no runs yet: no database at ./.steadfast/steadfast.db", "--db .steadfast/demo.db");
        assertThat(Path.of(".steadfast")).doesNotExist();
    }

    @Test
    void lookingWorksWhileAnotherEngineOwnsTheFile() {
        try (WorkflowEngine owner = TestRuns.owner(dir.resolve("owned.db"))) {
            TestRuns.startMailer(owner, "mail-9");
            var look = CliRunner.runWith(
                    Map.of("STEADFAST_DB", dir.resolve("owned.db").toString()), "runs", "show", "mail-9");
            assertThat(look.exitCode()).as(look.toString()).isZero();
            assertThat(look.out()).contains("mail-9", "pending approval call_");
        }
    }

    @Test
    void helpListsCommandsAndExitCodes() {
        var r = cli.run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .contains(
                        "runs",
                        "approve",
                        "console",
                        "temporal",
                        "Exit codes: 0 ok",
                        "1 failure, or the run",
                        "has ended and nothing was done; 2 usage error; 3 not found");
        assertThat(cli.run("runs", "show", "--help").out()).contains("--step", "--json", "--db", "--temporal");
    }

    @Test
    void usageErrorsAreExitTwoWithAHint() {
        var none = cli.run();
        assertThat(none.exitCode()).isEqualTo(2);
        var unknown = cli.run("runz");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("steadfast: ", "see: steadfast --help");
        var missingArg = cli.run("runs", "show");
        assertThat(missingArg.exitCode()).isEqualTo(2);
        assertThat(missingArg.err()).contains("<id>", "see: steadfast runs show --help");
    }

    /** Its second step blocks until released: a run an engine stops in the middle of (as a crash would). */
    static final class TwoSteps implements dev.steadfast.workflow.Workflow<String, String> {
        static final java.util.concurrent.CountDownLatch RELEASE = new java.util.concurrent.CountDownLatch(1);
        static final java.util.concurrent.CountDownLatch IN_TWO = new java.util.concurrent.CountDownLatch(1);

        @Override
        public String run(dev.steadfast.workflow.WorkflowContext ctx, String in) {
            String a = ctx.step("one", String.class, () -> in + "1");
            return ctx.step("two", String.class, () -> {
                IN_TWO.countDown();
                RELEASE.await();
                return a + "2";
            });
        }
    }

    @Test
    void theTimelineMarksWhereARunWasRecoveredOnceNotPerStep() throws InterruptedException {
        Path db = dir.resolve("recovered.db");
        try (WorkflowEngine first = dev.steadfast.engine.EmbeddedEngine.builder()
                .database(db)
                .register(new TwoSteps())
                .build()) {
            first.start(TwoSteps.class, "two-1", "x");
            assertThat(TwoSteps.IN_TWO.await(60, java.util.concurrent.TimeUnit.SECONDS))
                    .isTrue(); // closing now leaves it RUNNING
        }
        TwoSteps.RELEASE.countDown();
        try (WorkflowEngine second = dev.steadfast.engine.EmbeddedEngine.builder()
                .database(db)
                .register(new TwoSteps())
                .build()) {
            TestRuns.await(second, "two-1", i -> i.status() == dev.steadfast.run.RunStatus.COMPLETED);
        }
        String shown = CliRunner.runWith(Map.of("STEADFAST_DB", db.toString()), "runs", "show", "two-1")
                .out();
        assertThat(shown)
                .containsOnlyOnce("── crash: recovered after a crash (resumed by pid "
                        + ProcessHandle.current().pid());
        assertThat(shown.indexOf("── crash")).isBetween(shown.indexOf("  1  step"), shown.indexOf("  2  step"));
        assertThat(shown).contains("recovered after a crash (resumed by pid"); // and in the decisions list
    }
}

package dev.steadfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.run.Decision;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepKind;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * approve, deny, cancel, fork, signal, start and watch: the CLI records what it is told (executing nothing),
 * once and with who, and the engine that owns the file acts on it, at once when it owns it now. A
 * conflicting decision is refused naming the first; a signal that does not fit is refused before the run.
 */
class SteerCommandsTest {
    @TempDir
    Path dir;

    Path db;
    CliRunner cli;

    @BeforeEach
    void seed() {
        db = dir.resolve("steer.db");
        TestRuns.seed(db);
        cli = new CliRunner(db);
    }

    private RunInfo afterOwnerRuns(String id, RunStatus expected) {
        try (WorkflowEngine owner = TestRuns.owner(db)) {
            return TestRuns.await(owner, id, i -> i.status() == expected);
        }
    }

    @Test
    void approveWithoutAnIdTakesTheOnlyPendingCallAndTheOwnerCompletesTheRun() {
        var r = cli.run("approve", "mail-1");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("approved send_email (call_", "of run mail-1", "recorded in " + db);
        assertThat(cli.run("runs", "show", "mail-1").out()).contains("WAITING"); // the CLI ran nothing
        RunInfo done = afterOwnerRuns("mail-1", RunStatus.COMPLETED);
        assertThat(done.output().toString()).contains("sent to ada@example.org");
    }

    @Test
    void denyTellsTheModelWhy() {
        String call = cli.run("runs", "show", "mail-1")
                .out()
                .lines()
                .filter(l -> l.contains("pending approval call_"))
                .findFirst()
                .orElseThrow()
                .replaceAll(".*pending approval (call_\\w+):.*", "$1");
        var r = cli.run("deny", "mail-1", call, "--reason", "not on a Sunday");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        RunInfo done = afterOwnerRuns("mail-1", RunStatus.COMPLETED);
        assertThat(done.output().toString()).contains("not on a Sunday").doesNotContain("sent to");
        assertThat(cli.run("deny", "mail-1", call).exitCode()).isEqualTo(2); // --reason is required
    }

    @Test
    void approveMayChangeTheArguments() {
        var r = cli.run("approve", "mail-1", "--args", "{\"to\":\"team@example.org\",\"body\":\"Hello\"}");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        RunInfo done = afterOwnerRuns("mail-1", RunStatus.COMPLETED);
        assertThat(done.output().toString()).contains("sent to team@example.org");
        assertThat(cli.run("approve", "mail-1", "--args", "{not json").exitCode())
                .isEqualTo(2);
    }

    @Test
    void argsAndResultsThatAreEmptyOrHaveTextAfterTheJsonAreUsageErrorsAndDecideNothing() {
        var empty = cli.run("approve", "mail-1", "--args", "");
        assertThat(empty.exitCode()).as(empty.toString()).isEqualTo(2);
        assertThat(empty.err()).contains("--args is empty");
        var junk = cli.run("approve", "mail-1", "--args", "{\"to\":\"team@example.org\"} rm -rf");
        assertThat(junk.exitCode()).as(junk.toString()).isEqualTo(2);
        assertThat(junk.err()).contains("--args has text after the JSON value");
        var notAnObject = cli.run("approve", "mail-1", "--args", "\"team@example.org\"");
        assertThat(notAnObject.exitCode()).as(notAnObject.toString()).isEqualTo(2);
        assertThat(notAnObject.err()).contains("--args must be a JSON object");
        var result = cli.run("complete", "mail-1", "call_x", "1.08 usd");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("<json> has text after the JSON value");
        assertThat(cli.run("complete", "mail-1", "call_x", " ").err()).contains("<json> is empty");
        assertThat(cli.run("runs", "show", "mail-1").out()).doesNotContain("approved");
    }

    @Test
    void completeDeliversAnExternalToolsResult() {
        try (WorkflowEngine owner = TestRuns.owner(db)) {
            owner.start(TestRuns.quoter(), "quote-1", "EUR in USD?");
            TestRuns.await(owner, "quote-1", i -> !i.pendingApprovals().isEmpty());
        }
        String shown = cli.run("runs", "show", "quote-1").out();
        assertThat(shown)
                .contains("pending external call call_", "wants rate", "answer: steadfast complete quote-1 call_");
        String call = shown.lines()
                .filter(l -> l.contains("pending external call call_"))
                .findFirst()
                .orElseThrow()
                .replaceAll(".*pending external call (call_\\w+):.*", "$1");
        assertThat(cli.run("complete", "quote-1", call).exitCode()).isEqualTo(2); // neither a result nor --failed

        var r = cli.run("complete", "quote-1", call, "{\"rate\":1.08}");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("completed rate (" + call + ") of run quote-1");
        RunInfo done = afterOwnerRuns("quote-1", RunStatus.COMPLETED);
        assertThat(done.output().toString()).contains("Rate: {\\\"rate\\\":1.08}");
    }

    @Test
    void approvalsThatDoNotExistAreNotFound() {
        var wrong = cli.run("approve", "mail-1", "call_nope");
        assertThat(wrong.exitCode()).isEqualTo(3);
        assertThat(wrong.err()).contains("no pending approval 'call_nope'", "pending: call_", "(send_email)");
        assertThat(cli.run("approve", "ghost").exitCode()).isEqualTo(3);
    }

    @Test
    void steeringARunThatHasEndedFailsTheSameWayForEveryCommand() {
        for (String[] args : List.of(
                new String[] {"approve", "charge-1"},
                new String[] {"deny", "charge-1", "call_x", "--reason", "no"},
                new String[] {"complete", "charge-1", "call_x", "1"},
                new String[] {"cancel", "charge-1"},
                new String[] {"signal", "charge-1", "approval", "true"})) {
            var r = cli.run(args);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains("run 'charge-1' has already ended (FAILED); nothing to " + args[0]);
        }
        assertThat(cli.run("approve", "ghost").exitCode()).isEqualTo(3);
    }

    @Test
    void cancelIsRecordedAndTheOwnerCancels() {
        assertThat(cli.run("cancel", "mail-1").out()).contains("cancelling run mail-1");
        afterOwnerRuns("mail-1", RunStatus.CANCELLED);
        var again = cli.run("cancel", "mail-1");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("already cancelled: run mail-1 by ", "; nothing to do");
    }

    @Test
    void forkStartsANewRunThatReusesTheStepsBefore() {
        var r = cli.run("fork", "mail-1", "--from-step", "3");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("as mail-1-fork-1", "steps 1..2 reused");
        var named = cli.run("fork", "mail-1", "--from-step", "1", "--new-id", "again");
        assertThat(named.out()).contains("as again");
        assertThat(cli.run("runs", "show", "mail-1-fork-1").out()).contains("forked from mail-1");
        var bad = cli.run("fork", "mail-1", "--from-step", "40");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--from-step must be in 1..");
    }

    @Test
    void signalTakesJsonAndRefusesWhatIsNot() {
        var bad = cli.run("signal", "mail-1", "go", "{nope");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("<json> is not JSON");
        var ok = cli.run("signal", "mail-1", "go", "{\"fast\": true}");
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(ok.out()).contains("sent signal 'go' to run mail-1");
    }

    @Test
    void watchSaysWhatAWaitingRunWaitsForAndWhenADecisionIsWaitingToBeApplied() {
        var r = cli.run("runs", "watch", "mail-1", "--interval", "30", "--timeout", "1");
        assertThat(r.exitCode()).isEqualTo(1); // still waiting when the watch gives up
        assertThat(r.out()).contains("run is WAITING, waiting for approval of send_email (call_");
        assertThat(r.err()).contains("is still WAITING after 1 s");
        assertThat(as("ada", "approve", "mail-1").exitCode()).isZero();
        var decided = cli.run("runs", "watch", "mail-1", "--interval", "30", "--timeout", "1");
        assertThat(decided.out()).contains("send_email approved — waiting for the engine to apply it (by ada");
    }

    @Test
    void watchPrintsStepsAsTheyCompleteAndExitsWithTheRunsOutcome() throws Exception {
        try (WorkflowEngine owner = TestRuns.owner(db)) {
            var watch = CompletableFuture.supplyAsync(
                    () -> cli.run("runs", "watch", "mail-1", "--interval", "30", "--timeout", "30"));
            Thread.sleep(300);
            var call = owner.describe("mail-1").pendingApprovals().getFirst();
            owner.approve("mail-1", call.toolCallId());
            var r = watch.get();
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out())
                    .contains("watching run mail-1 (mailer)", "mailer.tool.send_email", "COMPLETED")
                    .doesNotContain("\u001b")
                    .doesNotContain("\r"); // piped: no progress line, no colour
            assertThat(owner.history("mail-1")).anyMatch(s -> s.kind() == StepKind.APPROVAL);
        }
        var failed = cli.run("runs", "watch", "charge-1");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains("run 'charge-1' ended FAILED");
    }

    private CliRunner.Result as(String actor, String... args) {
        return CliRunner.runWith(Map.of("STEADFAST_DB", db.toString(), "STEADFAST_ACTOR", actor), args);
    }

    @Test
    void aSecondConflictingDecisionIsRefusedNamingTheFirstAndARepeatSaysAlreadyRecorded() {
        var approved = as("ada", "approve", "mail-1");
        assertThat(approved.exitCode()).as(approved.toString()).isZero();
        assertThat(approved.out()).contains("approved send_email", "as ada");
        String call = approved.out().replaceAll("(?s).*\\((call_\\w+)\\).*", "$1");

        var shown = cli.run("runs", "show", "mail-1").out();
        assertThat(shown)
                .contains("approved — waiting for the engine to apply it (by ada")
                .doesNotContain("approve: steadfast approve"); // no second decision offered

        var denied = as("bob", "deny", "mail-1", call, "--reason", "no");
        assertThat(denied.exitCode()).as(denied.toString()).isEqualTo(1);
        assertThat(denied.err()).contains("already approved by ada", "recorded once");

        var again = as("bob", "approve", "mail-1");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("already recorded", "approved — waiting for the engine to apply it (by ada");

        try (WorkflowEngine owner = TestRuns.owner(db)) {
            RunInfo done = TestRuns.await(owner, "mail-1", i -> i.status() == RunStatus.COMPLETED);
            assertThat(done.output().toString()).contains("sent to ada@example.org"); // the deny was not applied
            assertThat(done.decisions())
                    .filteredOn(d -> d.kind() == Decision.Kind.ANSWER)
                    .singleElement()
                    .extracting(Decision::by)
                    .isEqualTo("ada");
        }
        var late = as("bob", "deny", "mail-1", call, "--reason", "too late");
        assertThat(late.exitCode()).isEqualTo(1);
        assertThat(late.err()).contains("already approved by ada");
        assertThat(cli.run("runs", "show", "mail-1").out()).contains("decisions:", "approved " + call + " by ada");
    }

    @Test
    void theCliSteersRunsWhileAnotherProcessOwnsTheFileAndTheOwnerAppliesItAtOnce() {
        try (WorkflowEngine owner = TestRuns.owner(db)) {
            owner.start(TestRuns.Refund.class, "refund-2", "order 7");
            TestRuns.await(owner, "refund-2", i -> i.awaitingSignals().contains("approval"));

            var typo = cli.run("signal", "refund-2", "aproval", "{\"approved\":true,\"reason\":\"ok\"}");
            assertThat(typo.exitCode()).isEqualTo(2);
            assertThat(typo.err()).contains("waits for signal 'approval', not 'aproval'", "--keep");

            var bad = cli.run("signal", "refund-2", "approval", "{\"approved\":\"maybe\"}");
            assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
            assertThat(bad.err()).contains("awaits type Approval", "maybe", "nothing was sent");
            assertThat(owner.describe("refund-2").status()).isEqualTo(RunStatus.WAITING); // the run lives on

            var good = as("ada", "signal", "refund-2", "approval", "{\"approved\":true,\"reason\":\"ok\"}");
            assertThat(good.exitCode()).as(good.toString()).isZero();
            RunInfo done = TestRuns.await(owner, "refund-2", i -> i.status().isTerminal());
            assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(done.output().asText()).isEqualTo("order 7 refunded (ok)");

            assertThat(as("ada", "approve", "mail-1").exitCode()).isZero();
            assertThat(TestRuns.await(owner, "mail-1", i -> i.status().isTerminal())
                            .status())
                    .isEqualTo(RunStatus.COMPLETED);

            var started = as("ada", "start", "Refund", "refund-3", "\"order 8\"");
            assertThat(started.exitCode()).as(started.toString()).isZero();
            TestRuns.await(owner, "refund-3", i -> i.awaitingSignals().contains("approval")); // the owner ran it
            assertThat(cli.run("start", "Refund", "refund-3", "\"again\"").err())
                    .contains("exists already");

            assertThat(as("bob", "cancel", "refund-3").exitCode()).isZero();
            RunInfo cancelled =
                    TestRuns.await(owner, "refund-3", i -> i.status().isTerminal());
            assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(cancelled.decisions())
                    .extracting(Decision::kind, Decision::by)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(Decision.Kind.START, "ada"),
                            org.assertj.core.groups.Tuple.tuple(Decision.Kind.CANCEL, "bob"));
            var twice = cli.run("cancel", "refund-3");
            assertThat(twice.exitCode()).isZero();
            assertThat(twice.out()).contains("already cancelled: run refund-3 by bob at ", "; nothing to do");
        }
    }

    @Test
    void theConsoleCreatesNoDatabaseUnlessAskedAndSaysWhatATypoOrADirectoryIs() {
        Path typo = dir.resolve("stere.db");
        var r = CliRunner.runWith(Map.of(), "console", "--db", typo.toString(), "--port", "0");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("no database at " + typo, "did you mean " + db, "--create");
        assertThat(typo).doesNotExist();

        Path nested = dir.resolve("new/sub/x.db");
        assertThat(CliRunner.runWith(Map.of(), "console", "--db", nested.toString(), "--port", "0")
                        .exitCode())
                .isEqualTo(3);
        assertThat(dir.resolve("new")).doesNotExist();

        var folder = CliRunner.runWith(Map.of(), "runs", "list", "--db", dir.toString());
        assertThat(folder.exitCode()).isEqualTo(2);
        assertThat(folder.err()).contains(dir + " is a directory, not a database file", "steer.db");
    }
}

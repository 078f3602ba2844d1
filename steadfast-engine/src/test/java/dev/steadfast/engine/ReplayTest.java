package dev.steadfast.engine;

import static dev.steadfast.engine.TestEngines.WAIT;
import static dev.steadfast.engine.TestEngines.awaitRun;
import static dev.steadfast.engine.TestEngines.count;
import static dev.steadfast.engine.TestEngines.counted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.error.NonDeterminismException;
import dev.steadfast.step.RetryPolicy;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunStatus;
import dev.steadfast.error.StepFailedException;
import dev.steadfast.run.StepKind;
import dev.steadfast.step.StepOptions;
import dev.steadfast.run.StepRecord;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import dev.steadfast.error.WorkflowFailedException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay against changed code: non-determinism, patches, recorded failures, and replay that never runs a body. */
class ReplayTest {
    @TempDir
    Path dir;

    private WorkflowEngine open(Workflow<?, ?>... workflows) {
        return EmbeddedEngine.builder().database(dir.resolve("replay.db")).unloadAfter(Duration.ofMillis(50))
                .register(workflows).build();
    }

    /** Version 1: step a, signal, step b. */
    static final class V1 implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
            String a = ctx.step("a", String.class, () -> "a" + count(ctx.workflowId() + "/a"));
            ctx.awaitSignal("go", String.class);
            return a + ctx.step("b", String.class, () -> "b");
        }

        public String name() {
            return "Changing";
        }
    }

    /** Version 2 renamed its first step without a patch: not deterministic for runs of V1. */
    static final class V2Renamed implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
            String a = ctx.step("a-renamed", String.class, () -> "x");
            ctx.awaitSignal("go", String.class);
            return a;
        }

        public String name() {
            return "Changing";
        }
    }

    /** Version 2 dropped everything after step a. */
    static final class V2Shorter implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
            return ctx.step("a", String.class, () -> "a");
        }

        public String name() {
            return "Changing";
        }
    }

    /** Version 1 with a deadline on its wait: the run holds a timer row while it waits. */
    static final class V1WithDeadline implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
            String a = ctx.step("a", String.class, () -> "a");
            ctx.awaitSignal("go", String.class, Duration.ofHours(1));
            return a + ctx.step("b", String.class, () -> "b");
        }

        public String name() {
            return "Changing";
        }
    }

    /** Version 2 added a step behind a patch. */
    static final class V2Patched implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
            String a = ctx.step("a", String.class, () -> "a" + count(ctx.workflowId() + "/a"));
            String extra = ctx.patched("add-audit") ? ctx.step("audit", String.class, () -> "+audit") : "";
            ctx.awaitSignal("go", String.class);
            return a + extra + ctx.step("b", String.class, () -> "b");
        }

        public String name() {
            return "Changing";
        }
    }

    @Test
    void changedCodeBlocksTheRunWithNonDeterminismAndMatchingCodeResumesIt() {
        try (WorkflowEngine engine = open(new V1())) {
            engine.start(V1.class, "nd", "in");
            awaitRun(engine, "nd", r -> r.awaitingSignals().contains("go"));
        }
        List<StepRecord> before;
        try (WorkflowEngine engine = open(new V2Renamed())) {
            before = engine.history("nd");
            engine.signal("nd", "go", "now");
            RunInfo blocked = awaitRun(engine, "nd", r -> r.error() != null);
            assertThat(blocked.status()).isEqualTo(RunStatus.RUNNING); // open, not FAILED
            assertThat(blocked.error().type()).isEqualTo(NonDeterminismException.class.getName());
            assertThat(blocked.error().message()).contains("STEP 'a'", "STEP 'a-renamed'", "step 1");
            assertThat(engine.history("nd")).isEqualTo(before);
        }
        try (WorkflowEngine engine = open(new V1())) { // the code that matches is deployed again
            assertThat(engine.handle("nd", String.class).result(WAIT)).isEqualTo("a1b");
            assertThat(engine.describe("nd").error()).isNull();
            assertThat(engine.history("nd").subList(0, before.size()))
                    .extracting(StepRecord::name).isEqualTo(before.stream().map(StepRecord::name).toList());
        }
        assertThat(counted("nd/a")).isEqualTo(1);
    }

    /** Version 2 added a step without a patch: not deterministic for runs of V1. */
    static final class V2Unguarded implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
            String a = ctx.step("a", String.class, () -> "a");
            String extra = ctx.step("audit", String.class, () -> "+audit");
            ctx.awaitSignal("go", String.class);
            return a + extra + ctx.step("b", String.class, () -> "b");
        }

        public String name() {
            return "Changing";
        }
    }

    @Test
    void aRunBlockedByAnUnguardedChangeResumesWhenTheChangeIsGuardedWithPatched() {
        try (WorkflowEngine engine = open(new V1())) {
            engine.start(V1.class, "guard", "in");
            awaitRun(engine, "guard", r -> r.awaitingSignals().contains("go"));
        }
        try (WorkflowEngine engine = open(new V2Unguarded())) {
            engine.signal("guard", "go", "now");
            assertThat(awaitRun(engine, "guard", r -> r.error() != null).error().message())
                    .contains("STEP 'audit'", "SIGNAL 'go'");
        }
        try (WorkflowEngine engine = open(new V2Patched())) { // the fix: the same change behind ctx.patched
            assertThat(engine.handle("guard", String.class).result(WAIT)).isEqualTo("a1b");
            assertThat(engine.describe("guard").error()).isNull();
        }
        assertThat(counted("guard/a")).isEqualTo(1);
    }

    @Test
    void aRunThatEndsWhileItsTimerIsSetLeavesNoTimerBehind() throws Exception {
        try (WorkflowEngine engine = open(new V1WithDeadline())) {
            engine.start(V1WithDeadline.class, "timed", "in");
            awaitRun(engine, "timed", r -> r.awaitingSignals().contains("go"));
        }
        assertThat(timerRows("timed")).isEqualTo(1);
        try (WorkflowEngine engine = open(new V2Shorter())) { // ends at step a: never reaches the wait its timer is for
            engine.signal("timed", "go", "now");
            awaitRun(engine, "timed", r -> r.error() != null); // blocked: open, its timer kept
            assertThat(timerRows("timed")).isEqualTo(1);
            engine.cancel("timed"); // a blocked run can still be cancelled, which ends it
            assertThatThrownBy(() -> engine.handle("timed", String.class).result(WAIT))
                    .isInstanceOfSatisfying(WorkflowFailedException.class,
                            e -> assertThat(e.status()).isEqualTo(RunStatus.CANCELLED));
        }
        assertThat(timerRows("timed")).isZero();
    }

    private int timerRows(String runId) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("replay.db"));
             var q = c.prepareStatement("SELECT count(*) FROM timers WHERE run_id = ?")) {
            q.setString(1, runId);
            try (var rs = q.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    @Test
    void codeThatEndsBeforeItsJournalDoesIsNotDeterministicEither() {
        try (WorkflowEngine engine = open(new V1())) {
            engine.start(V1.class, "short", "in");
            awaitRun(engine, "short", r -> r.awaitingSignals().contains("go"));
        }
        try (WorkflowEngine engine = open(new V2Shorter())) {
            engine.signal("short", "go", "now");
            RunInfo blocked = awaitRun(engine, "short", r -> r.error() != null);
            assertThat(blocked.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(blocked.error().message()).contains("SIGNAL 'go'", "the code ended");
        }
    }

    /** Logs one line per step, replayed or not. */
    static final class Chatty implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
            ctx.step("one", String.class, () -> "1");
            LOGGED.add(ctx.logger().isWarnEnabled() + ":" + ctx.workflowId());
            ctx.awaitSignal("go", String.class);
            return "done";
        }
    }

    static final List<String> LOGGED = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Test
    void theLoggerIsSilentWhileTheRunReplays() {
        try (WorkflowEngine engine = open(new Chatty())) {
            engine.start(Chatty.class, "chatty", "");
            awaitRun(engine, "chatty", r -> r.awaitingSignals().contains("go"));
        }
        // A new engine holds no thread of the run, however slow the machine: the signal re-enters it by replay.
        try (WorkflowEngine engine = open(new Chatty())) {
            engine.signal("chatty", "go", "");
            assertThat(engine.handle("chatty", String.class).result(WAIT)).isEqualTo("done");
        }
        assertThat(LOGGED).containsExactly("true:chatty", "false:chatty");
    }

    @Test
    void patchedIsFalseForRunsThatPassedThePointAndTrueForNewRuns() {
        try (WorkflowEngine engine = open(new V1())) {
            engine.start(V1.class, "old", "in");
            awaitRun(engine, "old", r -> r.awaitingSignals().contains("go"));
        }
        try (WorkflowEngine engine = open(new V2Patched())) {
            engine.start(V2Patched.class, "new", "in");
            engine.signal("old", "go", "");
            engine.signal("new", "go", "");
            assertThat(engine.handle("old", String.class).result(WAIT)).isEqualTo("a1b");
            assertThat(engine.handle("new", String.class).result(WAIT)).isEqualTo("a1+auditb");
            assertThat(engine.history("new")).extracting(StepRecord::kind)
                    .containsExactly(StepKind.STEP, StepKind.PATCH, StepKind.STEP, StepKind.SIGNAL, StepKind.STEP);
            assertThat(engine.history("old")).extracting(StepRecord::kind).doesNotContain(StepKind.PATCH);
            assertThat(counted("old/a")).isEqualTo(1);
        }
    }

    /** Catches a failed step, waits, then reports what it caught. */
    static final class CatchesFailure implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
            try {
                ctx.step("boom", String.class, StepOptions.builder().retry(RetryPolicy.NONE).build(), () -> {
                    count(ctx.workflowId() + "/boom");
                    throw new java.io.UncheckedIOException("disk on fire", new java.io.IOException("EIO"));
                });
                return "no";
            } catch (StepFailedException e) {
                ctx.awaitSignal("go", String.class);
                return e.errorType() + "|" + e.errorMessage() + "|" + e.isCausedBy(java.io.UncheckedIOException.class);
            }
        }
    }

    @Test
    void aReplayedFailureKeepsItsClassNameAndMessage() {
        try (WorkflowEngine engine = open(new CatchesFailure())) {
            engine.start(CatchesFailure.class, "fail", "");
            awaitRun(engine, "fail", r -> r.awaitingSignals().contains("go"));
        }
        try (WorkflowEngine engine = open(new CatchesFailure())) {
            engine.signal("fail", "go", "");
            assertThat(engine.handle("fail", String.class).result(WAIT))
                    .isEqualTo("java.io.UncheckedIOException|disk on fire|true");
            assertThat(counted("fail/boom")).isEqualTo(1);
        }
    }

    static final AtomicBoolean BODIES_FORBIDDEN = new AtomicBoolean();

    /** Touches every kind of journal entry; its bodies fail when {@link #BODIES_FORBIDDEN}. */
    static final class Everything implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
            var sb = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                int n = i;
                sb.append(ctx.step("s" + i, String.class, () -> body("s" + n)));
            }
            sb.append(ctx.now()).append(ctx.randomUUID()).append(ctx.patched("p"));
            sb.append(ctx.awaitSignal("go", String.class));
            ctx.sleep(Duration.ofMillis(20));
            sb.append(ctx.awaitSignal("none", String.class, Duration.ofMillis(20)).orElse("-"));
            try {
                ctx.step("fails", String.class, StepOptions.builder().retry(RetryPolicy.NONE).build(),
                        () -> { body("fails"); throw new IllegalStateException("as designed"); });
            } catch (StepFailedException e) {
                sb.append(e.errorMessage());
            }
            return sb.toString();
        }

        private static String body(String name) {
            if (BODIES_FORBIDDEN.get()) {
                throw new AssertionError("step body '" + name + "' was called during replay");
            }
            return name;
        }
    }

    @Test
    void replayingAFinishedRunsJournalCallsNoStepBody() {
        try (WorkflowEngine engine = open(new Everything())) {
            var h = engine.start(Everything.class, "orig", "");
            awaitRun(engine, "orig", r -> r.awaitingSignals().contains("go"));
            engine.signal("orig", "go", "!");
            String original = h.result(WAIT);
            int entries = engine.history("orig").size();

            BODIES_FORBIDDEN.set(true);
            try {
                // a fork after the last entry is the whole journal replayed on today's code
                Object replayed = engine.fork("orig", entries + 1, "replay").result(WAIT);
                assertThat(replayed).isEqualTo(original);
                assertThat(engine.history("replay")).hasSize(entries);
            } finally {
                BODIES_FORBIDDEN.set(false);
            }
        }
    }
}

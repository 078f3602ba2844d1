package dev.steadfast.engine;

import static dev.steadfast.engine.TestEngines.WAIT;
import static dev.steadfast.engine.TestEngines.awaitRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.SteadfastException;
import dev.steadfast.engine.EmbeddedEngine.Access;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunQuery;
import dev.steadfast.run.RunStatus;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Access}: a read-only engine beside the owner, and a steer-only one that records but runs nothing. */
class EngineAccessTest {
    @TempDir
    Path dir;

    /** One step, then waits for the {@code go} signal and returns what it carried. */
    static final class Gate implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
            String first = ctx.step("first", String.class, () -> in + "!");
            return first + ctx.awaitSignal("go", String.class);
        }
    }

    /** Blocks in its one step until the latch opens: a run that stays RUNNING. */
    static final class Blocked implements Workflow<String, String> {
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        public String run(WorkflowContext ctx, String in) {
            return ctx.step("block", String.class, () -> {
                RELEASE.await();
                return in;
            });
        }
    }

    @Test
    void aReadOnlyEngineSeesTheRunsOfTheOwnerAndCannotSteerThem() {
        Path db = dir.resolve("shared.db");
        try (WorkflowEngine owner =
                EmbeddedEngine.builder().database(db).register(new Gate()).build()) {
            owner.start(Gate.class, "g-1", "hi");
            awaitRun(owner, "g-1", i -> i.status() == RunStatus.WAITING);
            try (WorkflowEngine reader = EmbeddedEngine.builder()
                    .database(db)
                    .access(Access.READ_ONLY)
                    .build()) {
                assertThat(reader.list(RunQuery.all()))
                        .extracting(RunInfo::workflowId)
                        .containsExactly("g-1");
                assertThat(reader.describe("g-1").awaitingSignals()).containsExactly("go");
                assertThat(reader.history("g-1")).hasSize(2);
                assertThatThrownBy(() -> reader.signal("g-1", "go", "x"))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("read-only");
                assertThatThrownBy(() -> reader.cancel("g-1")).hasMessageContaining("read-only");
                assertThatThrownBy(() -> reader.fork("g-1", 1, "g-2")).hasMessageContaining("read-only");
                owner.signal("g-1", "go", "?");
                assertThat(reader.handle("g-1", String.class).result(WAIT))
                        .isEqualTo("hi!?"); // sees the owner's progress
            }
        }
    }

    @Test
    void aReadOnlyEngineLeavesARunningRunOfAnUnknownTypeUntouched() {
        Path db = dir.resolve("unknown.db");
        try (WorkflowEngine owner =
                EmbeddedEngine.builder().database(db).register(new Blocked()).build()) {
            owner.start(Blocked.class, "b-1", "x");
            TestEngines.sleep(100); // closed mid-step: the run stays RUNNING, as after a crash
        }
        try (WorkflowEngine reader =
                EmbeddedEngine.builder().database(db).access(Access.READ_ONLY).build()) {
            RunInfo before = reader.describe("b-1");
            TestEngines.sleep(200);
            RunInfo seen = reader.describe("b-1");
            assertThat(seen.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(seen.error()).isNull(); // an owner would note "not registered in this engine"
            assertThat(seen.updatedAt()).isEqualTo(before.updatedAt());
        } finally {
            Blocked.RELEASE.countDown();
        }
    }

    @Test
    void aSteerOnlyEngineRecordsSignalsAndTheNextOwnerActsOnThem() {
        Path db = dir.resolve("steer.db");
        try (WorkflowEngine owner =
                EmbeddedEngine.builder().database(db).register(new Gate()).build()) {
            owner.start(Gate.class, "g-1", "hi");
            awaitRun(owner, "g-1", i -> i.status() == RunStatus.WAITING);
        }
        try (WorkflowEngine steer =
                EmbeddedEngine.builder().database(db).access(Access.STEER_ONLY).build()) {
            steer.signal("g-1", "go", "!");
            steer.fork("g-1", 2, "g-2");
            TestEngines.sleep(200);
            RunInfo waiting = steer.describe("g-1");
            assertThat(waiting.status()).isEqualTo(RunStatus.WAITING); // recorded, not executed
            assertThat(waiting.error()).isNull(); // and not marked: Gate is not registered here
            assertThat(steer.describe("g-2").status()).isEqualTo(RunStatus.RUNNING);
            assertThat(steer.describe("g-2").error()).isNull();
        }
        try (WorkflowEngine owner =
                EmbeddedEngine.builder().database(db).register(new Gate()).build()) {
            assertThat(owner.handle("g-1", String.class).result(WAIT)).isEqualTo("hi!!");
            owner.signal("g-2", "go", "?");
            assertThat(owner.handle("g-2", String.class).result(WAIT)).isEqualTo("hi!?");
        }
    }

    @Test
    void aSteerOnlyEngineSteersWhileAnOwnerHoldsTheFileAndTheOwnerActsOnIt() {
        Path db = dir.resolve("owned.db");
        try (WorkflowEngine owner =
                EmbeddedEngine.builder().database(db).register(new Gate()).build()) {
            owner.start(Gate.class, "g-1", "hi");
            awaitRun(owner, "g-1", i -> i.status() == RunStatus.WAITING);
            try (WorkflowEngine steer = EmbeddedEngine.builder()
                    .database(db)
                    .access(Access.STEER_ONLY)
                    .build()) {
                steer.signal("g-1", "go", "!");
                steer.start("Gate", "g-3", "ho");
            }
            // the owner applies both from its inbox, while it holds the file
            assertThat(owner.handle("g-1", String.class).result(WAIT)).isEqualTo("hi!!");
            awaitRun(owner, "g-3", i -> i.status() == RunStatus.WAITING);
            assertThatThrownBy(() -> EmbeddedEngine.builder().database(db).build()) // still one owner
                    .isInstanceOfSatisfying(dev.steadfast.error.DatabaseInUseException.class, e -> {
                        assertThat(e.thisProcess()).isTrue();
                        assertThat(e.holder())
                                .contains("pid " + ProcessHandle.current().pid());
                        assertThat(e.database()).isEqualTo(db);
                    })
                    .hasMessageContaining("in use by another Steadfast engine");
        }
    }

    @Test
    void aSteerOnlyEngineNeedsAnExistingDatabase() {
        Path db = dir.resolve("missing/none.db");
        assertThatThrownBy(() -> EmbeddedEngine.builder()
                        .database(db)
                        .access(Access.STEER_ONLY)
                        .build())
                .isInstanceOf(SteadfastException.class)
                .hasMessageContaining("No Steadfast database at");
        assertThat(Files.exists(db.getParent())).isFalse();
    }

    @Test
    void aReadOnlyEngineNeedsAnExistingDatabaseAndCreatesNone() {
        Path db = dir.resolve("missing/none.db");
        assertThatThrownBy(() -> EmbeddedEngine.builder()
                        .database(db)
                        .access(Access.READ_ONLY)
                        .build())
                .isInstanceOf(SteadfastException.class)
                .hasMessageContaining("No Steadfast database at");
        assertThat(Files.exists(db.getParent())).isFalse();
    }
}

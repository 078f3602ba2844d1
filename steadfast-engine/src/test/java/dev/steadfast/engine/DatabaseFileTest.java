package dev.steadfast.engine;

import static dev.steadfast.engine.TestEngines.WAIT;
import static dev.steadfast.engine.TestEngines.awaitRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.SteadfastException;
import dev.steadfast.error.NoSuchRunException;
import dev.steadfast.run.RunQuery;
import dev.steadfast.run.RunStatus;
import dev.steadfast.step.RetryPolicy;
import dev.steadfast.step.StepOptions;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import dev.steadfast.workflow.WorkflowHandle;
import dev.steadfast.workflow.spi.Failures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database file: one owner, refusing files that are not ours, recovery of what it holds, many runs at once. */
class DatabaseFileTest {
    @TempDir
    Path dir;

    /** Ten steps. */
    static final class TenSteps implements Workflow<Integer, Integer> {
        public Integer run(WorkflowContext ctx, Integer in) {
            int sum = 0;
            for (int i = 0; i < 10; i++) {
                int n = i;
                sum += ctx.step("s" + i, Integer.class, () -> n + in);
            }
            return sum;
        }
    }

    @Test
    void aSecondEngineOnTheSameFileFailsAtOnceSayingWhoHoldsIt() {
        Path db = dir.resolve("owned.db");
        try (WorkflowEngine first = EmbeddedEngine.builder().database(db).build()) {
            assertThatThrownBy(() -> EmbeddedEngine.builder().database(db).build())
                    .isInstanceOf(SteadfastException.class)
                    .hasMessageContaining("is in use by another Steadfast engine")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
        }
        EmbeddedEngine.builder().database(db).build().close(); // released on close
    }

    @Test
    void aFileThatIsNotOursIsRefusedUntouched() throws Exception {
        Path garbage = dir.resolve("notes.db");
        Files.writeString(garbage, "these are my notes, not a database ".repeat(200));
        assertThatThrownBy(() -> EmbeddedEngine.builder().database(garbage).build())
                .hasMessageContaining("is not a SQLite database").hasMessageContaining(garbage.toString());
        assertThat(Files.readString(garbage)).startsWith("these are my notes");

        Path foreign = dir.resolve("foreign.db");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + foreign)) {
            c.createStatement().execute("CREATE TABLE customers (id INTEGER)");
        }
        byte[] before = Files.readAllBytes(foreign);
        assertThatThrownBy(() -> EmbeddedEngine.builder().database(foreign).build())
                .hasMessageContaining("is not a Steadfast database");
        assertThat(Files.readAllBytes(foreign)).as("not switched to WAL mode, nor changed otherwise").isEqualTo(before);
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("nothing left beside them: no lock file, no write-ahead log")
                    .containsExactlyInAnyOrder("notes.db", "foreign.db");
        }
    }

    /** One step that fails once, with a 20 MB message. */
    static final class Verbose implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
            return ctx.step("verbose", String.class, StepOptions.builder()
                    .retry(RetryPolicy.builder().maxAttempts(1).build()).build(), () -> {
                        throw new IllegalStateException("x".repeat(20_000_000));
                    });
        }
    }

    @Test
    void aHugeExceptionMessageIsRecordedCutToItsCapNotWhole() throws Exception {
        Path db = dir.resolve("verbose.db");
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db).register(new Verbose()).build()) {
            engine.start(Verbose.class, "v-1", "in");
            var info = awaitRun(engine, "v-1", i -> i.status().isTerminal());
            assertThat(info.status()).isEqualTo(RunStatus.FAILED);
            String stored = engine.history("v-1").get(0).error().message();
            assertThat(stored).hasSizeLessThan(Failures.MAX_MESSAGE_CHARS + 100)
                    .endsWith("more characters not recorded]");
            assertThat(engine.history("v-1").get(0).error().stackTrace())
                    .hasSizeLessThan(Failures.MAX_STACK_TRACE_CHARS + 100);
        }
        long bytes = Files.size(db) + (Files.exists(dir.resolve("verbose.db-wal")) ? Files.size(dir.resolve("verbose.db-wal")) : 0);
        assertThat(bytes).as("the database stays small").isLessThan(1024 * 1024);
    }

    /** One step whose body ignores interrupts until {@link #release} is set. */
    static final class Stubborn implements Workflow<String, String> {
        static final CountDownLatch ENTERED = new CountDownLatch(1);
        static final java.util.concurrent.atomic.AtomicInteger EXECUTIONS = new java.util.concurrent.atomic.AtomicInteger();
        static volatile boolean release;

        public String run(WorkflowContext ctx, String in) {
            return ctx.step("stubborn", String.class, () -> {
                EXECUTIONS.incrementAndGet();
                ENTERED.countDown();
                while (!release) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException ignored) {
                        // this body ignores close()'s interrupt
                    }
                }
                return in + " done";
            });
        }
    }

    @Test
    void closeKeepsTheFileWhileAStepBodyStillRunsSoNoOtherEngineRunsItMeanwhile() throws Exception {
        Path db = dir.resolve("stubborn.db");
        WorkflowEngine first = EmbeddedEngine.builder().database(db).register(new Stubborn()).build();
        first.start(Stubborn.class, "s-1", "in");
        assertThat(Stubborn.ENTERED.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        first.close(); // returns; the body goes on

        assertThatThrownBy(() -> EmbeddedEngine.builder().database(db).register(new Stubborn()).build())
                .hasMessageContaining("a closed engine keeps its file until its running step bodies return");
        Stubborn.release = true;
        WorkflowEngine second = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (second == null) {
            try {
                second = EmbeddedEngine.builder().database(db).register(new Stubborn()).build();
            } catch (SteadfastException e) {
                assertThat(System.nanoTime()).as("released once the body returned").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
        try (WorkflowEngine engine = second) {
            assertThat(engine.handle("s-1", String.class).result(WAIT)).isEqualTo("in done");
        }
        assertThat(Stubborn.EXECUTIONS.get()).as("its late result was recorded, not run again").isEqualTo(1);
    }

    @Test
    void aDatabaseFromANewerSteadfastIsRefused() throws Exception {
        Path db = dir.resolve("future.db");
        EmbeddedEngine.builder().database(db).build().close();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.createStatement().execute("PRAGMA user_version = 99");
        }
        assertThatThrownBy(() -> EmbeddedEngine.builder().database(db).build())
                .hasMessageContaining("schema version 99").hasMessageContaining("newer Steadfast");
    }

    static final CountDownLatch HOLD = new CountDownLatch(1);

    /** Holds in its step until the engine closes. */
    static final class Holds implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
            return ctx.step("hold", String.class, () -> {
                if (ctx.workflowId().equals("held")) {
                    HOLD.await();
                }
                return "released";
            });
        }
    }

    @Test
    void aRunningRunOfAnUnregisteredTypeIsReportedNotCrashed() {
        Path db = dir.resolve("types.db");
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db).register(new Holds()).build()) {
            engine.start(Holds.class, "held", "");
            awaitRun(engine, "held", r -> r.status() == RunStatus.RUNNING);
        }
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db).register(new TenSteps()).build()) {
            var info = awaitRun(engine, "held", r -> r.error() != null);
            assertThat(info.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(info.error().message()).contains("Workflow type 'Holds' is not registered", "[TenSteps]");
            assertThat(engine.start(TenSteps.class, "other", 1).result(WAIT)).isEqualTo(55);
        }
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db).register(new Holds()).build()) {
            engine.start(Holds.class, "second", "");
            assertThat(engine.handle("second", String.class).result(WAIT)).isEqualTo("released");
            HOLD.countDown();
            assertThat(engine.handle("held", String.class).result(WAIT)).isEqualTo("released");
            assertThat(engine.describe("held").error()).isNull();
        }
    }

    @Test
    void unknownRunsAreNamedWithTheDatabaseFile() {
        Path db = dir.resolve("named.db");
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db).build()) {
            assertThatThrownBy(() -> engine.describe("ghost")).isInstanceOf(NoSuchRunException.class)
                    .hasMessageContaining("ghost").hasMessageContaining("named.db");
        }
    }

    @Test
    void manyConcurrentRunsAllComplete() {
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(dir.resolve("many.db"))
                .synchronous(EmbeddedEngine.Synchronous.NORMAL).register(new TenSteps()).build()) {
            var handles = new ArrayList<WorkflowHandle<Integer>>();
            for (int i = 0; i < 100; i++) {
                handles.add(engine.start(TenSteps.class, "run-" + i, i));
            }
            for (int i = 0; i < handles.size(); i++) {
                assertThat(handles.get(i).result(WAIT)).isEqualTo(45 + 10 * i);
            }
            assertThat(engine.list(RunQuery.all().withStatus(RunStatus.COMPLETED).withLimit(1000))).hasSize(100);
            assertThat(engine.history("run-7")).hasSize(10);
        }
    }

    @Test
    void startAndSignalCheckTheirArguments() {
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(dir.resolve("args.db")).register(new TenSteps())
                .build()) {
            assertThatThrownBy(() -> engine.start("Nope", "x", 1)).hasMessageContaining("No workflow named 'Nope'");
            assertThat(engine.start("TenSteps", "by-name", "2").result(WAIT)).isEqualTo(65);
            assertThatThrownBy(() -> engine.signal("by-name", "go", "x")).hasMessageContaining("has ended (COMPLETED)");
            assertThatThrownBy(() -> engine.fork("by-name", 1, "by-name")).hasMessageContaining("a run with that id exists");
            assertThat(List.of(engine.describe("by-name").stepCount())).containsExactly(10);
        }
    }
}

package dev.steadfast.engine;

import static dev.steadfast.engine.TestEngines.WAIT;
import static dev.steadfast.engine.TestEngines.awaitRun;
import static dev.steadfast.engine.TestEngines.count;
import static dev.steadfast.engine.TestEngines.counted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.steadfast.error.PayloadException;
import dev.steadfast.error.RecordedValueMismatchException;
import dev.steadfast.error.WorkflowFailedException;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepStatus;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay equals the first execution: a step returns what was recorded, read back, the first time too;
 * a type that cannot make the round trip fails at once; a recorded value that no longer matches the
 * code's type is an error naming the step and the property, which blocks the run (not a silent default).
 */
class RecordedValueTest {
    @TempDir
    Path dir;

    private WorkflowEngine open(Workflow<?, ?>... workflows) {
        return EmbeddedEngine.builder().database(dir.resolve("values.db")).unloadAfter(Duration.ofMillis(50))
                .register(workflows).build();
    }

    interface Shape {
        double area();
    }

    record Square(double side) implements Shape {
        public double area() {
            return side * side;
        }
    }

    /** Declares its step's result as an interface. */
    static final class InterfaceResult implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
            Shape s = ctx.step("measure", Shape.class, () -> {
                count(ctx.workflowId() + "/measure");
                return new Square(2);
            });
            return "area " + s.area();
        }
    }

    @Test
    void anInterfaceTypedResultFailsAtTheFirstExecutionNamingTheStep() {
        try (WorkflowEngine engine = open(new InterfaceResult())) {
            engine.start(InterfaceResult.class, "shape", "");
            Throwable thrown = catchThrowable(() -> engine.handle("shape", String.class).result(WAIT));
            assertThat(thrown).isInstanceOfSatisfying(WorkflowFailedException.class, e -> {
                assertThat(e.status()).isEqualTo(RunStatus.FAILED);
                assertThat(e.error().type()).isEqualTo(PayloadException.class.getName());
                assertThat(e.error().message()).contains("step 'measure'", "Shape", "interface", "record");
            });
            assertThat(engine.history("shape").get(0).status()).isEqualTo(StepStatus.FAILED);
        }
        assertThat(counted("shape/measure")).isEqualTo(1); // not retried: the same value would fail again
    }

    /** A record with a property that is not written: replay would see it as null. */
    record Session(String user, @JsonIgnore String token) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Optionals(String name, String nickname) {}

    /** Writes a derived property, {@code display}, that nothing reads back. */
    record Money(long cents) {
        public String getDisplay() {
            return "$" + cents / 100 + "." + cents % 100;
        }
    }

    /** Returns values whose first-execution form differs from the recorded one unless read back. */
    static final class ReadBack implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
            Object point = ctx.step("point", Object.class, () -> new Square(3));
            Session session = ctx.step("session", Session.class, () -> new Session("ann", "secret"));
            Optionals optionals = ctx.step("optionals", Optionals.class, () -> new Optionals("Bo", null));
            Money money = ctx.step("money", Money.class, () -> new Money(250));
            ctx.awaitSignal("go", String.class);
            return (point instanceof Map<?, ?> m ? "map " + m : "live " + point) + " | " + session + " | " + optionals
                    + " | " + money.getDisplay();
        }
    }

    @Test
    void theFirstExecutionReturnsWhatReplayReturns() {
        String expected = "map {side=3.0} | Session[user=ann, token=null] | Optionals[name=Bo, nickname=null] | $2.50";
        try (WorkflowEngine engine = open(new ReadBack())) {
            engine.start(ReadBack.class, "first", "");
            awaitRun(engine, "first", r -> r.awaitingSignals().contains("go"));
            engine.signal("first", "go", "");
            assertThat(engine.handle("first", String.class).result(WAIT)).isEqualTo(expected);
            // the same run replayed from its journal in full returns the same
            assertThat(engine.fork("first", engine.history("first").size() + 1, "again").result(WAIT))
                    .isEqualTo(expected);
        }
    }

    record Tally(int count) {}

    /** Version 1 records a Tally(count). */
    static final class TallyV1 implements Workflow<String, Integer> {
        public Integer run(WorkflowContext ctx, String in) {
            Tally t = ctx.step("tally", Tally.class, () -> new Tally(3 + count(ctx.workflowId() + "/tally") - 1));
            ctx.awaitSignal("go", String.class);
            return t.count();
        }

        public String name() {
            return "Tallying";
        }
    }

    record RenamedTally(int total) {}

    /** Version 2 renamed the record's property: runs recorded by V1 do not read. */
    static final class TallyRenamed implements Workflow<String, Integer> {
        public Integer run(WorkflowContext ctx, String in) {
            RenamedTally t = ctx.step("tally", RenamedTally.class, () -> new RenamedTally(-1));
            ctx.awaitSignal("go", String.class);
            return t.total();
        }

        public String name() {
            return "Tallying";
        }
    }

    record TallyWithUnit(int count, String unit) {}

    /** Version 2 added a property: V1's recorded values lack it. */
    static final class TallyAdded implements Workflow<String, Integer> {
        public Integer run(WorkflowContext ctx, String in) {
            TallyWithUnit t = ctx.step("tally", TallyWithUnit.class, () -> new TallyWithUnit(-1, "kg"));
            ctx.awaitSignal("go", String.class);
            return t.count();
        }

        public String name() {
            return "Tallying";
        }
    }

    @Test
    void aRenamedOrAddedPropertyIsADecodeErrorNamingStepAndFieldThatBlocksUntilMatchingCodeReturns() {
        try (WorkflowEngine engine = open(new TallyV1())) {
            engine.start(TallyV1.class, "renamed", "");
            engine.start(TallyV1.class, "added", "");
            awaitRun(engine, "renamed", r -> r.awaitingSignals().contains("go"));
            awaitRun(engine, "added", r -> r.awaitingSignals().contains("go"));
        }
        try (WorkflowEngine engine = open(new TallyRenamed())) {
            engine.signal("renamed", "go", "");
            RunInfo blocked = awaitRun(engine, "renamed", r -> r.error() != null);
            assertThat(blocked.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(blocked.error().type()).isEqualTo(RecordedValueMismatchException.class.getName());
            assertThat(blocked.error().message()).contains("Step 'tally'", "entry 1", "'count'", "total");
        }
        try (WorkflowEngine engine = open(new TallyAdded())) {
            engine.signal("added", "go", "");
            RunInfo blocked = awaitRun(engine, "added", r -> r.error() != null);
            assertThat(blocked.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(blocked.error().type()).isEqualTo(RecordedValueMismatchException.class.getName());
            assertThat(blocked.error().message()).contains("Step 'tally'", "at 'unit'", "has no 'unit'");
        }
        try (WorkflowEngine engine = open(new TallyV1())) { // the matching code again: both resume, read right
            assertThat(engine.handle("renamed", Integer.class).result(WAIT)).isEqualTo(3);
            assertThat(engine.handle("added", Integer.class).result(WAIT)).isEqualTo(3);
        }
        assertThat(counted("renamed/tally")).isEqualTo(1);
        assertThat(counted("added/tally")).isEqualTo(1);
    }
}

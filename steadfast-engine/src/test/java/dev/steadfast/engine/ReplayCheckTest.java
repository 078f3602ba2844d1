package dev.steadfast.engine;

import static dev.steadfast.engine.TestEngines.WAIT;
import static dev.steadfast.engine.TestEngines.awaitRun;
import static dev.steadfast.engine.TestEngines.count;
import static dev.steadfast.engine.TestEngines.counted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.Tool;
import dev.steadfast.engine.EmbeddedEngine.Access;
import dev.steadfast.error.NonDeterminismException;
import dev.steadfast.error.RecordedValueMismatchException;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.run.ReplayReport;
import dev.steadfast.run.StepRecord;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.testing.ReplayChecker;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay check for CI: recorded runs replayed against today's code, reading only, running no step
 * body; a changed workflow shows a divergence per run, an unchanged or {@code patched} one passes.
 */
class ReplayCheckTest {
    @TempDir
    Path dir;

    private Path db;

    record Order(String id, int quantity) {}

    /** Version 1: reserve, ship (returns an Order), wait for "go", bill. */
    static class V1 implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
            String reserved = ctx.step("reserve", String.class, () -> "r" + Math.min(1, count(ctx.workflowId() + "/reserve")));
            Order order = ctx.step("ship", Order.class, () -> new Order(in, 1 + Math.min(1, count(ctx.workflowId() + "/ship"))));
            ctx.awaitSignal("go", String.class);
            return reserved + "/" + order.quantity() + ctx.step("bill", String.class, () -> "b");
        }

        public String name() {
            return "Orders";
        }
    }

    /** Inserted a step before "ship" without a patch. */
    static final class V2Inserted extends V1 {
        public String run(WorkflowContext ctx, String in) {
            String reserved = ctx.step("reserve", String.class, () -> "r");
            ctx.step("audit", String.class, () -> "a");
            Order order = ctx.step("ship", Order.class, () -> new Order(in, 2));
            ctx.awaitSignal("go", String.class);
            return reserved + "/" + order.quantity() + ctx.step("bill", String.class, () -> "b");
        }
    }

    /** The same insertion, guarded by a patch: old runs keep to the old path. */
    static final class V2Patched extends V1 {
        public String run(WorkflowContext ctx, String in) {
            String reserved = ctx.step("reserve", String.class, () -> "r");
            if (ctx.patched("audit")) {
                ctx.step("audit", String.class, () -> "a");
            }
            Order order = ctx.step("ship", Order.class, () -> new Order(in, 2));
            ctx.awaitSignal("go", String.class);
            return reserved + "/" + order.quantity() + ctx.step("bill", String.class, () -> "b");
        }
    }

    record RenamedOrder(String id, int count) {}

    /** Renamed a property of the shipped record. */
    static final class V2Renamed extends V1 {
        public String run(WorkflowContext ctx, String in) {
            String reserved = ctx.step("reserve", String.class, () -> "r");
            RenamedOrder order = ctx.step("ship", RenamedOrder.class, () -> new RenamedOrder(in, 2));
            ctx.awaitSignal("go", String.class);
            return reserved + "/" + order.count() + ctx.step("bill", String.class, () -> "b");
        }
    }

    /** Same steps, different result from them. */
    static final class V2OtherResult extends V1 {
        public String run(WorkflowContext ctx, String in) {
            return super.run(ctx, in).toUpperCase();
        }
    }

    /** A completed run ("done") and one waiting for its signal ("waiting"), recorded by V1. */
    @BeforeEach
    void recordRuns() {
        db = dir.resolve("orders.db");
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db).register(new V1()).build()) {
            engine.start(V1.class, "done", "o-1");
            engine.start(V1.class, "waiting", "o-2");
            awaitRun(engine, "done", r -> r.awaitingSignals().contains("go"));
            engine.signal("done", "go", "");
            assertThat(engine.handle("done", String.class).result(WAIT)).isEqualTo("r1/2b");
            awaitRun(engine, "waiting", r -> r.awaitingSignals().contains("go"));
        }
    }

    private ReplayReport check(Workflow<?, ?> code) {
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db).access(Access.READ_ONLY).register(code).build()) {
            return ReplayChecker.of(engine).check();
        }
    }

    @Test
    void unchangedCodeReplaysEveryRunAndRunsNoStepBody() throws Exception {
        byte[] before = Files.readAllBytes(db);
        int bodies = counted("done/reserve") + counted("waiting/reserve") + counted("done/ship") + counted("waiting/ship");
        ReplayReport report = check(new V1());
        assertThat(report.matches()).isTrue();
        assertThat(report.checkedRuns()).containsExactlyInAnyOrder("done", "waiting");
        assertThat(counted("done/reserve") + counted("waiting/reserve") + counted("done/ship") + counted("waiting/ship"))
                .isEqualTo(bodies); // no body ran
        assertThat(Files.readAllBytes(db)).isEqualTo(before); // read only
    }

    @Test
    void anInsertedStepIsADivergenceOfEveryRunThatPassedThere() {
        ReplayReport report = check(new V2Inserted());
        assertThat(report.divergences()).extracting(ReplayReport.Divergence::workflowId)
                .containsExactlyInAnyOrder("done", "waiting");
        assertThat(report.divergences()).allSatisfy(d -> {
            assertThat(d.errorType()).isEqualTo(NonDeterminismException.class.getName());
            assertThat(d.problem()).contains("step 2", "STEP 'ship'", "STEP 'audit'");
        });
    }

    @Test
    void aChangeGuardedByPatchedReplays() {
        assertThat(check(new V2Patched()).divergences()).isEmpty();
    }

    @Test
    void aRenamedRecordPropertyIsADivergenceNamingStepAndProperty() {
        ReplayReport report = check(new V2Renamed());
        assertThat(report.divergences()).hasSize(2).allSatisfy(d -> {
            assertThat(d.errorType()).isEqualTo(RecordedValueMismatchException.class.getName());
            assertThat(d.problem()).contains("Step 'ship'", "'quantity'");
        });
    }

    @Test
    void aCompletedRunWhoseCodeNowReturnsSomethingElseDiverges() {
        ReplayReport report = check(new V2OtherResult());
        assertThat(report.divergences()).singleElement().satisfies(d -> {
            assertThat(d.workflowId()).isEqualTo("done"); // the waiting run never got to return
            assertThat(d.problem()).contains("\"r1/2b\"", "\"R1/2B\"");
        });
    }

    @Test
    void theJUnitHelperFailsWithEachDivergenceAndChecksOneRun() {
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db).access(Access.READ_ONLY)
                .register(new V2Inserted()).build()) {
            assertThatThrownBy(() -> ReplayChecker.of(engine).assertReplays())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("2 of 2 recorded runs do not replay")
                    .hasMessageContaining("done (Orders)").hasMessageContaining("waiting (Orders)");
            assertThat(ReplayChecker.of(engine).check("waiting").checkedRuns()).isEqualTo(List.of("waiting"));
            assertThatThrownBy(() -> ReplayChecker.of(engine).check("missing"))
                    .hasMessageContaining("No run 'missing'");
        }
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db).access(Access.READ_ONLY)
                .register(new V1()).build()) {
            assertThat(ReplayChecker.of(engine).assertReplays("done").checkedRuns()).containsExactly("done");
            List<StepRecord> history = engine.history("waiting");
            assertThat(history).extracting(StepRecord::name).containsExactly("reserve", "ship", "go");
        }
    }

    @Test
    void aCheckRunsWhileAnotherEngineOwnsTheFile() {
        try (WorkflowEngine owner = EmbeddedEngine.builder().database(db).unloadAfter(Duration.ofMinutes(1))
                .register(new V1()).build()) {
            awaitRun(owner, "waiting", r -> r.awaitingSignals().contains("go"));
            assertThat(check(new V2Inserted()).divergences()).hasSize(2);
            owner.signal("waiting", "go", "");
            assertThat(owner.handle("waiting", String.class).result(WAIT)).isEqualTo("r1/2b");
        }
    }

    /** The tools of the checked agent: one lookup, or the same under another name. */
    public static final class Lookups {
        @Tool("Look a key up")
        public String lookup(String key) {
            return "value of " + key;
        }
    }

    public static final class Searches {
        @Tool("Look a key up")
        public String search(String key) {
            return "value of " + key;
        }
    }

    /** Two lookups in one response (run in parallel), then an answer saying what came back. */
    private static Agent<Void, String> helper(Object tools) {
        return Agent.builder().name("helper").model(new FunctionModel("scripted", (messages, params) -> {
            long returns = messages.stream().filter(m -> m instanceof ModelRequest).flatMap(m -> ((ModelRequest) m).parts().stream())
                    .filter(p -> p instanceof ToolReturnPart).count();
            return returns == 0 ? ModelResponse.of(ToolCallPart.of("lookup", Map.of("key", "a")),
                    ToolCallPart.of("lookup", Map.of("key", "b"))) : ModelResponse.of(TextPart.of("found " + returns));
        })).tools(tools).build();
    }

    @Test
    void anAgentRunWithParallelToolCallsReplaysAndARenamedToolDiverges() {
        Path agents = dir.resolve("agents.db");
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(agents).register(helper(new Lookups())).build()) {
            assertThat(engine.start(helper(new Lookups()), "helped", "look a and b up").result(WAIT).output())
                    .isEqualTo("found 2");
        }
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(agents).access(Access.READ_ONLY)
                .register(helper(new Lookups())).build()) {
            assertThat(ReplayChecker.of(engine).assertReplays().checkedRuns()).containsExactly("helped");
        }
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(agents).access(Access.READ_ONLY)
                .register(helper(new Searches())).build()) {
            assertThat(ReplayChecker.of(engine).check().divergences()).singleElement()
                    .satisfies(d -> assertThat(d.problem()).contains("helper.tool.lookup"));
        }
    }
}

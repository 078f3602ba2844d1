package dev.steadfast.opentelemetry;

import static dev.steadfast.opentelemetry.GenAiAttributes.COST;
import static dev.steadfast.opentelemetry.GenAiAttributes.RUNS_ENDED;
import static dev.steadfast.opentelemetry.GenAiAttributes.RUNS_STARTED;
import static dev.steadfast.opentelemetry.GenAiAttributes.STEPS;
import static dev.steadfast.opentelemetry.GenAiAttributes.TOKEN_TYPE;
import static dev.steadfast.opentelemetry.GenAiAttributes.TOKEN_USAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.steadfast.agent.AgentResult;
import dev.steadfast.engine.ChildJvm;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.run.StepRecord;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of "replay is not work": a traced durable run is SIGKILLed inside its fourth step (a
 * tool call) in a child JVM that exports each span to a file as it ends, then resumed by an engine in this
 * JVM with fresh in-memory telemetry. Counted over both processes, each executed attempt has exactly one
 * span, its tokens and its cost once; the three steps recorded before the kill emit nothing when they
 * replay; and every span of the run is in the one trace its start opened.
 */
class TracedCrashIT {
    static final String RUN_ID = "traced-run";

    @TempDir
    Path dir;

    @Test
    void aKilledAndResumedRunCountsEachExecutedAttemptOnceInOneTrace() throws Exception {
        Path db = dir.resolve("runs.db");
        Path spanFile = dir.resolve("child-spans.tsv");
        Path hold = Files.createFile(dir.resolve("hold"));
        double[] childMetrics;
        try (ChildJvm child =
                ChildJvm.start(TracedCrashChild.class, db.toString(), spanFile.toString(), hold.toString())) {
            String line = child.await(l -> l.startsWith("METRICS "), Duration.ofSeconds(120));
            childMetrics = List.of(line.substring(8).split(" ")).stream()
                    .mapToDouble(Double::parseDouble)
                    .toArray();
            child.await("HELD"::equals, Duration.ofSeconds(30));
            child.kill();
        }
        List<SpanLine> before = SpanLine.read(spanFile);
        assertThat(before)
                .extracting(SpanLine::name)
                .as("what the child had ended when it was killed: two model requests and the first tool call")
                .containsExactlyInAnyOrder("chat traced-model", "execute_tool lookup", "chat traced-model");

        Files.delete(hold);
        AgentResult<?> result;
        List<StepRecord> history;
        List<SpanLine> after = new ArrayList<>();
        double[] resumedMetrics;
        try (var otel = new Telemetry()) {
            var agent = TracedAgent.create(hold, () -> {});
            try (WorkflowEngine engine =
                    EmbeddedEngine.builder().database(db).register(agent).build()) {
                result = engine.handle(RUN_ID, AgentResult.class).result(Duration.ofSeconds(120));
                history = engine.history(RUN_ID);
            }
            otel.spans().forEach(s -> after.add(SpanLine.of(s)));
            var m = otel.metrics();
            resumedMetrics = new double[] {
                Telemetry.sum(m, TOKEN_USAGE, TOKEN_TYPE, "input"),
                Telemetry.sum(m, TOKEN_USAGE, TOKEN_TYPE, "output"),
                Telemetry.sum(m, COST, null, null),
                Telemetry.sum(m, STEPS, null, null)
            };
            assertThat(Telemetry.sum(m, RUNS_STARTED, null, null))
                    .as("a resumed run is not a new run")
                    .isZero();
            assertThat(Telemetry.sum(m, RUNS_ENDED, null, null)).isEqualTo(1.0);
        }
        assertThat(result.output()).isEqualTo("done");
        assertThat(history)
                .extracting(StepRecord::name)
                .containsExactly(
                        "traced.model", "traced.tool.lookup", "traced.model", "traced.tool.slow", "traced.model");

        assertThat(after)
                .extracting(SpanLine::name)
                .as("the resumed process emits only what it executed: the killed tool call again, and the last request")
                .containsExactlyInAnyOrder("execute_tool slow", "chat traced-model");
        assertThat(after)
                .filteredOn(s -> s.name().equals("execute_tool slow"))
                .extracting(SpanLine::attempt)
                .as("the attempt the kill cut short runs again under its own number")
                .containsExactly(1L);

        List<SpanLine> all = new ArrayList<>(before);
        all.addAll(after);
        long modelSteps =
                history.stream().filter(s -> s.name().equals("traced.model")).count();
        assertThat(all).filteredOn(s -> s.name().startsWith("chat ")).hasSize((int) modelSteps);
        assertThat(all).filteredOn(s -> s.name().startsWith("execute_tool ")).hasSize(2);
        Set<String> traces = all.stream().map(SpanLine::traceId).collect(Collectors.toSet());
        assertThat(traces).as("one trace across the kill").hasSize(1);
        Set<String> parents = all.stream().map(SpanLine::parentSpanId).collect(Collectors.toSet());
        assertThat(parents)
                .as("every attempt under the run's span, whichever process ran it")
                .hasSize(1)
                .doesNotContain("0000000000000000");

        // tokens and cost: each model request once, in the process that executed it
        assertThat(childMetrics[0])
                .isEqualTo(TracedAgent.usageOf(0).inputTokens()
                        + TracedAgent.usageOf(1).inputTokens());
        assertThat(resumedMetrics[0]).isEqualTo(TracedAgent.usageOf(2).inputTokens());
        assertThat(childMetrics[0] + resumedMetrics[0]).isEqualTo(result.usage().inputTokens());
        assertThat(childMetrics[1] + resumedMetrics[1]).isEqualTo(result.usage().outputTokens());
        assertThat(childMetrics[2] + resumedMetrics[2]).isCloseTo(result.cost().doubleValue(), within(1e-12));
        assertThat(all.stream().mapToDouble(SpanLine::cost).sum())
                .isCloseTo(result.cost().doubleValue(), within(1e-12));
        assertThat(all.stream().mapToLong(SpanLine::inputTokens).sum())
                .isEqualTo(result.usage().inputTokens());
        assertThat(childMetrics[3] + resumedMetrics[3])
                .as("steps: one per attempt that ended")
                .isEqualTo(5.0);
    }
}

package dev.steadfast.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.run.RunStatus;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run unloaded while it waits is replayed from the top when its signal arrives: the step it had recorded
 * returns its recorded result and emits nothing, the next step emits its span under the run's span.
 */
class EmbeddedReplayTracingTest {
    static final AtomicInteger EXECUTIONS = new AtomicInteger();

    /** A step, a wait for a signal, a step. */
    public static final class Waits implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String input) {
            String a = ctx.step("before", String.class, () -> "a" + EXECUTIONS.incrementAndGet());
            String go = ctx.awaitSignal("go", String.class);
            return a + go + ctx.step("after", String.class, () -> "b");
        }
    }

    @TempDir
    Path dir;

    @Test
    void aReplayedStepEmitsNothingAndLaterStepsStayInTheRunsTrace() throws Exception {
        try (var otel = new Telemetry();
                WorkflowEngine engine = EmbeddedEngine.builder()
                        .database(dir.resolve("w.db"))
                        .register(new Waits())
                        .unloadAfter(Duration.ofMillis(1))
                        .build()) {
            engine.start(Waits.class, "w", "x");
            long deadline = System.nanoTime() + 30_000_000_000L;
            // the run's span ends when its execution unloads for the wait: from then on, the signal replays it
            while (otel.named("invoke_workflow Waits").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(engine.describe("w").status())
                    .as("spans %s", otel.spans())
                    .isEqualTo(RunStatus.WAITING);
            engine.signal("w", "go", "!");
            assertThat(engine.handle("w", String.class).result(Duration.ofSeconds(30)))
                    .isEqualTo("a1!b");
            assertThat(EXECUTIONS).hasValue(1);

            SpanData root = otel.named("invoke_workflow Waits").getFirst();
            assertThat(otel.named("invoke_workflow Waits")).hasSize(1);
            assertThat(root.getAttributes().get(GenAiAttributes.RUN_STATUS)).isEqualTo("suspended");
            assertThat(otel.named("before")).hasSize(1);
            assertThat(otel.named("after")).hasSize(1);
            assertThat(otel.spans()).hasSize(3);
            for (SpanData s : otel.spans()) {
                assertThat(s.getTraceId()).isEqualTo(root.getTraceId());
            }
            assertThat(otel.named("after").getFirst().getParentSpanId()).isEqualTo(root.getSpanId());
            var m = otel.metrics();
            assertThat(Telemetry.sum(m, GenAiAttributes.RUNS_STARTED, null, null))
                    .isEqualTo(1.0);
            assertThat(Telemetry.sum(m, GenAiAttributes.RUNS_ENDED, GenAiAttributes.RUN_STATUS, "completed"))
                    .isEqualTo(1.0);
            assertThat(Telemetry.sum(m, GenAiAttributes.STEPS, null, null)).isEqualTo(2.0);
        }
    }
}

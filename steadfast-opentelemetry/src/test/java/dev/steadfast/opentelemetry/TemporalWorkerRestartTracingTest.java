package dev.steadfast.opentelemetry;

import static dev.steadfast.opentelemetry.GenAiAttributes.COST;
import static dev.steadfast.opentelemetry.GenAiAttributes.RUNS_ENDED;
import static dev.steadfast.opentelemetry.GenAiAttributes.RUNS_STARTED;
import static dev.steadfast.opentelemetry.GenAiAttributes.STEP_ATTEMPT;
import static dev.steadfast.opentelemetry.GenAiAttributes.TOKEN_TYPE;
import static dev.steadfast.opentelemetry.GenAiAttributes.TOKEN_USAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.steadfast.agent.Agent;
import dev.steadfast.run.StepRecord;
import dev.steadfast.temporal.TemporalEngine;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test on Temporal: a traced run's worker is closed while a tool call is in flight, and a second
 * worker replays the history and finishes the run. Each executed attempt has one span, its tokens and its cost
 * once (the attempt the close cut short none); nothing recorded before emits again on the replaying worker; and
 * every span is in the trace the client's start opened, parented on it through the activities' headers, local
 * activities included.
 */
class TemporalWorkerRestartTracingTest {
    static TestWorkflowEnvironment env;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        env = TemporalTracingTest.server();
    }

    @AfterAll
    static void stopServer() {
        env.close();
    }

    /** A workflow step, then the traced agent's five steps. */
    public static final class Flow implements Workflow<String, String> {
        private final Agent<Void, String> agent;

        Flow(Agent<Void, String> agent) {
            this.agent = agent;
        }

        @Override
        public String name() {
            return "traced-flow";
        }

        @Override
        public String run(WorkflowContext ctx, String input) {
            String prompt = ctx.step("prepare", String.class, () -> "go " + input);
            return agent.run(prompt).output();
        }
    }

    @Test
    void aRunWhoseWorkerStopsMidToolCallCountsEachExecutedAttemptOnceInOneTrace() throws Exception {
        String queue = "restart-" + UUID.randomUUID();
        Path hold = Files.createFile(dir.resolve("hold"));
        var held = new CountDownLatch(1);
        Agent<Void, String> agent = TracedAgent.create(hold, held::countDown);
        String result;
        List<StepRecord> history;
        try (var otel = new Telemetry()) {
            WorkflowEngine first = worker(queue, agent);
            WorkflowEngine second = null;
            try {
                var run = first.start(Flow.class, "traced-flow-run", "now");
                assertThat(held.await(60, TimeUnit.SECONDS)).isTrue();
                second = worker(queue, agent);
                Files.delete(hold);
                first.close();
                result = run.result(Duration.ofSeconds(90));
                history = second.history("traced-flow-run");
            } finally {
                first.close();
                if (second != null) {
                    second.close();
                }
            }
            assertThat(result).isEqualTo("done");
            List<SpanData> spans = otel.spans();
            SpanData root = otel.named("invoke_workflow traced-flow").getFirst();
            assertThat(otel.named("invoke_workflow traced-flow")).hasSize(1);
            assertThat(otel.named("prepare")).hasSize(1);
            assertThat(otel.named("chat traced-model")).hasSize(3);
            assertThat(otel.named("execute_tool lookup")).hasSize(1);
            assertThat(otel.named("execute_tool slow"))
                    .as("only the attempt that ran to its end")
                    .extracting(s -> s.getAttributes().get(STEP_ATTEMPT))
                    .containsExactly(2L);
            assertThat(spans).hasSize(7);
            Set<String> traces = spans.stream().map(SpanData::getTraceId).collect(Collectors.toSet());
            assertThat(traces).containsExactly(root.getTraceId());
            assertThat(spans)
                    .filteredOn(s -> s != root)
                    .allSatisfy(
                            s -> assertThat(s.getParentSpanId()).as(s.getName()).isEqualTo(root.getSpanId()));

            var m = otel.metrics();
            long input = 0;
            double cost = 0;
            for (int turn = 0; turn < 3; turn++) {
                input += TracedAgent.usageOf(turn).inputTokens();
            }
            for (SpanData chat : otel.named("chat traced-model")) {
                cost += chat.getAttributes().get(GenAiAttributes.COST_USD);
            }
            assertThat(Telemetry.sum(m, TOKEN_USAGE, TOKEN_TYPE, "input")).isEqualTo((double) input);
            assertThat(Telemetry.sum(m, COST, null, null))
                    .isCloseTo(cost, within(1e-12))
                    .isPositive();
            assertThat(Telemetry.sum(m, RUNS_STARTED, null, null)).isEqualTo(1.0);
            assertThat(Telemetry.sum(m, RUNS_ENDED, null, null)).isEqualTo(1.0);
        }
        assertThat(history).extracting(StepRecord::name).contains("prepare", "traced.tool.slow");
    }

    private static WorkflowEngine worker(String queue, Agent<Void, String> agent) {
        return TemporalEngine.builder()
                .client(env.getWorkflowClient())
                .taskQueue(queue)
                .stickyQueueTimeout(Duration.ZERO)
                .heartbeatTimeout(Duration.ofSeconds(1))
                .register(new Flow(agent))
                .register(agent)
                .build();
    }
}

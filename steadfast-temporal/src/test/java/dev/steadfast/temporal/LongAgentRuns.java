package dev.steadfast.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunQuery;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.usage.UsageLimits;
import dev.steadfast.workflow.WorkflowEngine;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A long agent run continued as new, and the checks on it, shared by the quick test and the 1,000-turn IT. */
final class LongAgentRuns {
    private LongAgentRuns() {}

    record Echo(String text) {}

    /**
     * Runs an agent of {@code turns} turns (a tool call each, then a text answer) as run {@code id}, continued as new
     * every {@code continueAfterEvents} events, and checks what a user relies on: no model request or tool call ran
     * twice, the model saw the whole conversation every time, and describe, history, list and result see one run.
     */
    static void runAndCheck(WorkflowClient client, String id, int turns, int continueAfterEvents) {
        var modelCalls = new AtomicInteger();
        var toolCalls = new AtomicInteger();
        // The model stops after turns responses counted in the conversation it is sent: a conversation that lost
        // messages at a continue-as-new would make it ask for more turns.
        Agent<Void, String> agent = Agent.builder()
                .name("marathon")
                .usageLimits(UsageLimits.NONE)
                .model(new FunctionModel((messages, params) -> {
                    modelCalls.incrementAndGet();
                    long responses = messages.stream()
                            .filter(m -> m instanceof ModelResponse)
                            .count();
                    return responses < turns - 1
                            ? ModelResponse.of(ToolCallPart.of("echo", Map.of("text", "turn " + responses)))
                            : ModelResponse.of(TextPart.of("done after " + (responses + 1)));
                }))
                .tool("echo", "echo", Echo.class, (ctx, e) -> {
                    toolCalls.incrementAndGet();
                    return e.text();
                })
                .build();
        long started = System.nanoTime();
        AgentResult<String> result;
        try (WorkflowEngine engine = TemporalEngine.builder()
                .client(client)
                .taskQueue(id)
                .continueAsNewAfter(continueAfterEvents, 64L << 20)
                .register(agent)
                .build()) {
            result = engine.start(agent, id, "go").result(Duration.ofMinutes(10));
        }
        System.out.printf(
                "%d agent turns on the test server, continued as new: %.1f s%n",
                turns, (System.nanoTime() - started) / 1e9);

        assertThat(result.output()).isEqualTo("done after " + turns);
        assertThat(modelCalls).hasValue(turns);
        assertThat(toolCalls).hasValue(turns - 1);
        assertThat(result.usage().requests()).isEqualTo(turns);
        assertThat(result.messages()).hasSize(2 * turns); // each turn: a request and a response
        assertThat(result.newMessages()).hasSize(2 * turns);

        int executions = TemporalContinueAsNewTest.executions(client, id);
        assertThat(executions).as("executions of the run").isGreaterThan(1);
        List<HistoryEvent> latest = client.fetchHistory(id).getEvents();
        assertThat(latest.size()).as("events in the last execution").isLessThan(continueAfterEvents + 50);
        // what the last execution carried in: the whole journal so far, compressed
        int carried = latest.getFirst()
                .getWorkflowExecutionStartedEventAttributes()
                .getInput()
                .getSerializedSize();
        System.out.printf(
                "%d executions; the last one started with %,d bytes of input (the carried journal)%n",
                executions, carried);

        // A client with a cold cache (no worker) sees one run: every step once, its input, its whole conversation.
        try (WorkflowEngine reader = TemporalEngine.builder()
                .client(client)
                .taskQueue(id)
                .worker(false)
                .register(agent)
                .build()) {
            List<StepRecord> history = reader.history(id);
            assertThat(history).hasSize(2 * turns - 1);
            assertThat(history.stream().map(StepRecord::seq).toList())
                    .isEqualTo(java.util.stream.IntStream.rangeClosed(1, 2 * turns - 1)
                            .boxed()
                            .toList());
            assertThat(history).allMatch(s -> s.status() == StepStatus.COMPLETED);
            // the last model step's input shows the whole conversation it sent, across the executions
            assertThat(history.getLast().input().path("messages").size()).isEqualTo(2 * turns - 1);

            RunInfo info = reader.describe(id);
            assertThat(info.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(info.input().asText()).isEqualTo("go");
            assertThat(info.stepCount()).isEqualTo(2 * turns - 1);
            assertThat(info.usage().requests()).isEqualTo(turns);
            assertThat(info.decisions())
                    .filteredOn(d -> d.kind() == dev.steadfast.run.Decision.Kind.START)
                    .hasSize(1);
            assertThat(reader.list(RunQuery.all()).stream()
                            .filter(r -> r.workflowId().equals(id)))
                    .as("one row per run, not per execution")
                    .hasSize(1);

            AgentResult<String> again = reader.start(agent, id, "go").result(Duration.ofSeconds(30));
            assertThat(again.messages()).hasSize(2 * turns);
            assertThat(again.messages().get(2 * turns - 2).toString()).contains("turn " + (turns - 2));
        }
    }
}

package dev.steadfast.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.agent.RunContext;
import dev.steadfast.agent.Tool;
import dev.steadfast.usage.UsageLimits;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.run.StepKind;
import dev.steadfast.run.StepRecord;
import dev.steadfast.workflow.WorkflowEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

/**
 * A client-only engine starts agent runs; worker engines (other processes in production) run them:
 * the model and tool activities find the agent by name on the worker, rebuild the conversation from
 * the activity input (or the worker's cache, or the run's history), and take deps from the worker.
 */
class TemporalRemoteAgentTest {
    /** What a worker's tools did: the side effects that must happen there, never in the client. */
    record Ledger(String where, List<String> entries) {}

    public static final class Bookkeeper {
        @Tool("Record an entry in the ledger")
        public String record(String entry, RunContext<Ledger> ctx) {
            ctx.deps().entries().add(entry + "@" + ctx.idempotencyKey() + " after " + ctx.messages().size());
            return ctx.deps().where() + " recorded " + entry;
        }
    }

    /** Records {@code n} entries one turn at a time, then reports; checks each request holds the whole conversation. */
    static Agent<Ledger, String> bookkeeper(int n) {
        return Agent.builder().name("bookkeeper").deps(Ledger.class).usageLimits(UsageLimits.NONE)
                .model(new FunctionModel((messages, params) -> {
                    long returns = messages.stream().filter(m -> m instanceof ModelRequest r
                            && r.parts().stream().anyMatch(p -> p instanceof ToolReturnPart)).count();
                    // the whole conversation: the prompt, then a response and a tool return per turn
                    assertThat(messages).hasSize(1 + 2 * (int) returns);
                    return returns < n ? ModelResponse.of(ToolCallPart.of("record", Map.of("entry", "e" + returns)))
                            : ModelResponse.of(TextPart.of("recorded " + returns + " entries"));
                }))
                .tools(new Bookkeeper()).build();
    }

    @RegisterExtension
    static final TemporalTestEnvironment SERVER = new TemporalTestEnvironment();


    private static WorkflowEngine worker(String queue, Ledger ledger, long inlineBytes) {
        return TemporalEngine.builder().client(SERVER.env().getWorkflowClient()).taskQueue(queue)
                .inlineConversationBytes(inlineBytes).register(bookkeeper(5), workflowId -> ledger).build();
    }

    @Test
    void aClientOnlyEngineStartsTheRunAndTheWorkerRunsItsToolsWithItsOwnDeps() {
        var workerLedger = new Ledger("worker", new CopyOnWriteArrayList<>());
        var clientLedger = new Ledger("client", new CopyOnWriteArrayList<>());
        try (WorkflowEngine worker = worker("remote", workerLedger, 8 * 1024);
             WorkflowEngine client = TemporalEngine.builder().client(SERVER.env().getWorkflowClient()).taskQueue("remote")
                     .worker(false).register(bookkeeper(5), workflowId -> clientLedger).build()) {
            Agent<Ledger, String> agent = bookkeeper(5);
            AgentResult<String> r = client.start(agent, "books-1", "record five").result(Duration.ofSeconds(30));

            assertThat(r.output()).isEqualTo("recorded 5 entries");
            assertThat(clientLedger.entries()).isEmpty();
            assertThat(workerLedger.entries()).containsExactly(
                    "e0@books-1/2 after 2", "e1@books-1/4 after 4", "e2@books-1/6 after 6", "e3@books-1/8 after 8",
                    "e4@books-1/10 after 10");
            List<StepRecord> history = client.history("books-1");
            assertThat(history).hasSize(11);
            assertThat(history.getLast().kind()).isEqualTo(StepKind.MODEL);
            assertThat(history.getLast().input().path("messages")).hasSize(11);
            assertThat(history.get(1).output().path("value").asText()).isEqualTo("worker recorded e0");
        }
    }

    @Test
    void conversationsPassedByHashAreRebuiltByWorkersThatDidNotSeeTheEarlierTurns() {
        var ledger = new Ledger("worker", new CopyOnWriteArrayList<>());
        // Two workers share the queue; with nothing inline, a worker that did not run the previous model step
        // finds the conversation in the run's history.
        try (WorkflowEngine one = worker("by-hash", ledger, 0); WorkflowEngine two = worker("by-hash", ledger, 0)) {
            for (int i = 0; i < 3; i++) {
                assertThat(one.start(bookkeeper(5), "hashed-" + i, "record five").result(Duration.ofSeconds(30))
                        .output()).isEqualTo("recorded 5 entries");
            }
        }
        assertThat(ledger.entries()).hasSize(15);
    }

}

package dev.steadfast.testing.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.agent.Retry;
import dev.steadfast.agent.Tool;
import dev.steadfast.error.ToolFailed;
import dev.steadfast.error.UnexpectedModelBehavior;
import dev.steadfast.message.Message;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.RetryPromptPart;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.testing.ScriptedModel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Where each way a tool call can end goes: a result, a retry prompt, a failed result, or a failed step. */
class AgentToolFailuresTest {
    static class Disk {
        final AtomicInteger saves = new AtomicInteger();
        final AtomicInteger flaky = new AtomicInteger();
        final AtomicInteger slow = new AtomicInteger();
        final CountDownLatch interrupted = new CountDownLatch(1);

        @Tool("Save a file")
        String save(String name) {
            saves.incrementAndGet();
            throw new ToolFailed("The disk is full; '" + name + "' was not saved.");
        }

        @Tool(value = "Fails twice, then works", retry = @Retry(maxAttempts = 3, initialInterval = "1ms"))
        String flaky() {
            if (flaky.incrementAndGet() < 3) {
                throw new IllegalStateException("connection reset");
            }
            return "ok";
        }

        @Tool(value = "Always throws", retry = @Retry(maxAttempts = 2, initialInterval = "1ms"))
        String broken() {
            throw new IllegalStateException("broken for good");
        }

        @Tool(value = "Hangs on its first call", timeout = "100ms")
        String slow() throws InterruptedException {
            if (slow.incrementAndGet() == 1) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    throw e;
                }
            }
            return "fast now";
        }
    }

    private final ScriptedModel model = new ScriptedModel();
    private final Disk disk = new Disk();

    private Agent<Void, String> agent(int retries) {
        return Agent.builder().name("disk").model(model).tools(disk).retries(retries).build();
    }

    @Test
    void aToolFailedIsAFailedResultTheModelSeesAndSpendsNoBudget() {
        model.enqueue(ToolCallPart.of("save", "s1", Map.of("name", "a.txt")));
        model.enqueue(ToolCallPart.of("save", "s2", Map.of("name", "b.txt")));
        model.enqueue(ToolCallPart.of("save", "s3", Map.of("name", "c.txt")));
        model.enqueueText("The disk is full.");

        AgentResult<String> r = agent(0).run("save three files");

        assertThat(r.output()).isEqualTo("The disk is full.");
        assertThat(disk.saves).hasValue(3);
        assertThat(r.usage().toolCalls()).isZero();
        model.takeRequest();
        assertThat(model.takeRequest().toolReturns()).singleElement().satisfies(t -> {
            assertThat(t.toolCallId()).isEqualTo("s1");
            assertThat(t.contentAsText()).isEqualTo("The disk is full; 'a.txt' was not saved.");
            assertThat(t.outcome()).isEqualTo(ToolReturnPart.Outcome.FAILED);
            assertThat(t.isFailed()).isTrue();
        });
    }

    @Test
    void aFailedResultIsStoredWithItsOutcomeAndOldJsonStillReads() {
        var part = ToolReturnPart.failed("save", "s1", "The disk is full.");
        String json = Messages.toJson(List.of(ModelRequest.of(part)));
        assertThat(json).isEqualTo("[{\"kind\":\"request\",\"parts\":[{\"kind\":\"tool-return\",\"toolName\":\"save\","
                + "\"toolCallId\":\"s1\",\"content\":\"The disk is full.\",\"outcome\":\"failed\"}]}]");
        assertThat(Messages.fromJson(json)).containsExactly(ModelRequest.of(part));
        List<Message> old = Messages.fromJson("[{\"kind\":\"request\",\"parts\":[{\"kind\":\"tool-return\","
                + "\"toolName\":\"save\",\"toolCallId\":\"s1\",\"content\":\"ok\"}]}]");
        assertThat(((ToolReturnPart) ((ModelRequest) old.getFirst()).parts().getFirst()).outcome()).isNull();
    }

    @Test
    void anyOtherExceptionIsRetriedAsTheSameCallAndTheModelNeverSeesIt() {
        model.enqueue(ToolCallPart.of("flaky", "f1", Map.of()));
        model.enqueueText("done");

        agent(0).run("go");

        assertThat(disk.flaky).hasValue(3);
        model.takeRequest();
        assertThat(model.takeRequest().toolReturns()).extracting(ToolReturnPart::contentAsText).containsExactly("ok");
    }

    @Test
    void anExceptionThatOutlastsTheStepsAttemptsFailsTheRun() {
        model.enqueue(ToolCallPart.of("broken", "b1", Map.of()));

        assertThatThrownBy(() -> agent(5).run("go")).isInstanceOf(IllegalStateException.class)
                .hasMessage("broken for good");
        assertThat(model.requestCount()).isEqualTo(1);
    }

    @Test
    void aTimeoutIsARetryPromptChargedToTheToolAndTheCallIsInterrupted() throws InterruptedException {
        model.enqueue(ToolCallPart.of("slow", "t1", Map.of()));
        model.enqueue(ToolCallPart.of("slow", "t2", Map.of()));
        model.enqueueText("done");

        agent(1).run("go");

        assertThat(disk.interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        model.takeRequest();
        assertThat(model.takeRequest().retryPrompts()).singleElement().satisfies(p -> {
            assertThat(p.toolCallId()).isEqualTo("t1");
            assertThat(p.content()).isEqualTo("Timed out after 0.1 seconds.");
        });
        assertThat(model.takeRequest().toolReturns()).extracting(ToolReturnPart::contentAsText).containsExactly("fast now");
    }

    @Test
    void aTimeoutSpendsTheToolsBudget() {
        Agent<Void, String> agent = Agent.builder().name("slow").tools(new Disk()).retries(0)
                .model(new FunctionModel((m, p) -> ModelResponse.of(ToolCallPart.of("slow", Map.of())))).build();

        assertThatThrownBy(() -> agent.run("go")).isInstanceOf(UnexpectedModelBehavior.class)
                .hasMessage("Tool 'slow' exceeded its retry limit of 0 in agent 'slow'; last problem: Timed out after 0.1 seconds.");
    }

    @Test
    void aRetryPromptIsNotAFailedResult() {
        model.enqueue(ToolCallPart.of("slow", "t1", Map.of()));
        model.enqueue(ModelResponse.of(TextPart.of("ok")));
        agent(1).run("go");
        model.takeRequest();
        assertThat(model.takeRequest().lastRequest().parts()).singleElement().isInstanceOf(RetryPromptPart.class);
    }
}

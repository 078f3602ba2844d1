package dev.steadfast.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.RetryPromptPart;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ThinkingPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.message.UserPromptPart;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.OutputMode;
import dev.steadfast.model.RateLimitedException;
import dev.steadfast.model.ToolDefinition;
import dev.steadfast.usage.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ScriptedModelTest {
    private static final ModelSettings SETTINGS = ModelSettings.builder().temperature(0.0).build();
    private static final ModelRequestParameters PARAMS = new ModelRequestParameters(
            List.of(tool("search"), tool("fetch")), List.of(tool("final_result")), false, OutputMode.TOOL);

    private static ToolDefinition tool(String name) {
        return new ToolDefinition(name, "", JsonNodeFactory.instance.objectNode().put("type", "object"), false);
    }

    private static ModelResponse ask(ScriptedModel model, Message... messages) {
        return model.request(List.of(messages), SETTINGS, PARAMS);
    }

    @Test
    void answersInTheOrderRepliesWereEnqueued() {
        ScriptedModel model = new ScriptedModel()
                .enqueueToolCall("search", Map.of("query", "fsync"))
                .enqueueToolCall("fetch", "{\"url\":\"https://x\"}")
                .enqueue(ThinkingPart.of("hmm"), TextPart.of("a"), TextPart.of("b"))
                .enqueueText("done");

        ToolCallPart first = ask(model, ModelRequest.user("q")).toolCalls().get(0);
        ToolCallPart second = ask(model, ModelRequest.user("q")).toolCalls().get(0);
        ModelResponse third = ask(model, ModelRequest.user("q"));
        ModelResponse fourth = ask(model, ModelRequest.user("q"));

        assertThat(first.toolName()).isEqualTo("search");
        assertThat(first.argsAsJson()).isEqualTo("{\"query\":\"fsync\"}");
        assertThat(second.toolName()).isEqualTo("fetch");
        assertThat(second.argsAsJson()).isEqualTo("{\"url\":\"https://x\"}");
        assertThat(third.parts()).containsExactly(ThinkingPart.of("hmm"), TextPart.of("a"), TextPart.of("b"));
        assertThat(fourth.text()).isEqualTo("done");
        assertThat(model.requestCount()).isEqualTo(4);
        assertThat(model.pendingReplies()).isZero();
    }

    @Test
    void malformedToolArgumentsAreKeptVerbatim() {
        ScriptedModel model = new ScriptedModel().enqueueToolCall("search", "{query: oops");

        ToolCallPart call = ask(model, ModelRequest.user("q")).toolCalls().get(0);

        assertThat(call.args()).isEqualTo(TextNode.valueOf("{query: oops"));
    }

    @Test
    void keepsAnEnqueuedResponseAsIsWhenItHasUsage() {
        ModelResponse exact = new ModelResponse(List.of(TextPart.of("x")), Usage.ofTokens(10, 2), "gpt-4.1", null);
        ScriptedModel model = new ScriptedModel().enqueue(exact).enqueueText("two words");

        assertThat(ask(model, ModelRequest.user("q"))).isSameAs(exact);
        assertThat(ask(model, ModelRequest.user("one two three")).usage()).isEqualTo(Usage.ofTokens(3, 2));
    }

    @Test
    void recordsEachRequestInArrivalOrder() {
        ScriptedModel model = new ScriptedModel().enqueueText("1").enqueueText("2");
        ModelRequest firstTurn = ModelRequest.user("first");
        ModelResponse answer = ModelResponse.of(TextPart.of("1"));
        ModelRequest secondTurn = ModelRequest.user("second");

        ask(model, firstTurn);
        ask(model, firstTurn, answer, secondTurn);

        RecordedRequest one = model.takeRequest();
        RecordedRequest two = model.takeRequest();
        assertThat(one.sequence()).isEqualTo(1);
        assertThat(one.messages()).containsExactly(firstTurn);
        assertThat(one.settings()).isEqualTo(SETTINGS);
        assertThat(one.parameters()).isEqualTo(PARAMS);
        assertThat(two.sequence()).isEqualTo(2);
        assertThat(two.messages()).containsExactly(firstTurn, answer, secondTurn);
    }

    @Test
    void recordedRequestShortcutsLookAtWhatThisTurnAdded() {
        ScriptedModel model = new ScriptedModel().enqueueText("ok");
        ask(model,
                ModelRequest.user("What makes a write durable?"),
                ModelResponse.of(ToolCallPart.of("search", "c1", Map.of("q", "a")), ToolCallPart.of("fetch", "c2", "{}")),
                ModelRequest.of(
                        ToolReturnPart.of("search", "c1", Map.of("hits", 3)),
                        new RetryPromptPart("fetch", "c2", "url is required"),
                        ToolReturnPart.of("search", "c3", "plain")));

        RecordedRequest r = model.takeRequest();

        assertThat(r.lastUserPrompt()).isEqualTo("What makes a write durable?");
        assertThat(r.toolReturns()).extracting(ToolReturnPart::toolCallId).containsExactly("c1", "c3");
        assertThat(r.toolReturns()).extracting(ToolReturnPart::contentAsText).containsExactly("{\"hits\":3}", "plain");
        assertThat(r.retryPrompts()).containsExactly(new RetryPromptPart("fetch", "c2", "url is required"));
        assertThat(r.toolNames()).containsExactly("search", "fetch", "final_result");
        assertThat(r.lastRequest().parts()).hasSize(3);
    }

    @Test
    void lastUserPromptIsTheNewestOneAndNullWhenThereIsNone() {
        ScriptedModel model = new ScriptedModel().enqueueText("a").enqueueText("b");
        ask(model, ModelRequest.user("old"), ModelResponse.of(TextPart.of("x")),
                ModelRequest.of(new UserPromptPart("new"), new UserPromptPart("newest")));
        ask(model, ModelRequest.of(ToolReturnPart.of("search", "c1", 1)));

        assertThat(model.takeRequest().lastUserPrompt()).isEqualTo("newest");
        assertThat(model.takeRequest().lastUserPrompt()).isNull();
    }

    @Test
    void anEnqueuedFailureIsThrownAndTheRequestStillRecorded() {
        var limited = new RateLimitedException(429, "slow down", "{}", Duration.ofSeconds(3));
        ScriptedModel model = new ScriptedModel().enqueueFailure(limited).enqueueText("after the wait");

        assertThatThrownBy(() -> ask(model, ModelRequest.user("try 1"))).isSameAs(limited);
        assertThat(ask(model, ModelRequest.user("try 2")).text()).isEqualTo("after the wait");

        assertThat(model.requestCount()).isEqualTo(2);
        assertThat(model.takeRequest().lastUserPrompt()).isEqualTo("try 1");
        assertThat(model.takeRequest().lastUserPrompt()).isEqualTo("try 2");
    }

    @Test
    void aFunctionReplyIsComputedFromTheRequestItAnswers() {
        ScriptedModel model = new ScriptedModel()
                .enqueue((messages, params) -> ModelResponse.of(TextPart.of(messages.size() + " messages, "
                        + params.allTools().size() + " tools")));

        assertThat(ask(model, ModelRequest.user("a"), ModelResponse.of(TextPart.of("b")), ModelRequest.user("c")).text())
                .isEqualTo("3 messages, 3 tools");
    }

    @Test
    void failsFastWhenNoReplyIsLeftAndShowsTheLastMessage() {
        ScriptedModel model = new ScriptedModel("gpt-fake").enqueueText("only one");
        ask(model, ModelRequest.user("first"));

        assertThatThrownBy(() -> ask(model, ModelRequest.user("first"), ModelResponse.of(TextPart.of("only one")),
                ModelRequest.user("again?")))
                .isInstanceOf(AssertionError.class)
                .hasMessage("ScriptedModel 'gpt-fake' has no reply for request #2: 1 replies were enqueued and 1 consumed."
                        + " Enqueue one more (enqueueText, enqueueToolCall, enqueue) before the code under test makes"
                        + " this request. Last message received:"
                        + " {\"kind\":\"request\",\"parts\":[{\"kind\":\"user-prompt\",\"content\":\"again?\"}]}");
        assertThat(model.requestCount()).isEqualTo(2);
        model.takeRequest();
        assertThat(model.takeRequest().lastUserPrompt()).as("the failed request is recorded").isEqualTo("again?");
    }

    @Test
    void failsFastOnAnEmptyConversationToo() {
        ScriptedModel model = new ScriptedModel();

        assertThatThrownBy(() -> model.request(List.of(), SETTINGS, PARAMS))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("request #1: 0 replies were enqueued and 0 consumed")
                .hasMessageEndingWith("Last message received: none (the message list was empty)");
    }

    @Test
    void takeRequestWithNothingToTakeSaysSoInsteadOfBlocking() {
        ScriptedModel model = new ScriptedModel().enqueueText("x");
        assertThatThrownBy(model::takeRequest)
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("No request to take from ScriptedModel 'scripted': 0 received, 0 already taken.");

        ask(model, ModelRequest.user("q"));
        model.takeRequest();

        assertThatThrownBy(model::takeRequest)
                .hasMessageStartingWith("No request to take from ScriptedModel 'scripted': 1 received, 1 already taken.");
    }

    @Test
    void takeRequestWithTimeoutWaitsForARequestFromAnotherThread() throws Exception {
        ScriptedModel model = new ScriptedModel().enqueueText("x");
        Thread caller = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ask(model, ModelRequest.user("late"));
        });
        caller.start();

        assertThat(model.takeRequest(Duration.ofSeconds(10)).lastUserPrompt()).isEqualTo("late");
        caller.join();
        assertThatThrownBy(() -> model.takeRequest(Duration.ofMillis(20)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("No request to take from ScriptedModel 'scripted' within PT0.02S: 1 received, 1 already taken.");
    }

    @Test
    void eachReplyIsConsumedExactlyOnceUnderConcurrentRequests() throws Exception {
        int threads = 8;
        int perThread = 200;
        ScriptedModel model = new ScriptedModel();
        IntStream.range(0, threads * perThread).forEach(i -> model.enqueueText("r" + i));
        Set<String> answers = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        answers.add(ask(model, ModelRequest.user("q")).text());
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(answers).hasSize(threads * perThread);
        assertThat(model.requestCount()).isEqualTo(threads * perThread);
        assertThat(model.pendingReplies()).isZero();
        List<Integer> sequences = new ArrayList<>();
        for (int i = 0; i < threads * perThread; i++) {
            sequences.add(model.takeRequest().sequence());
        }
        assertThat(sequences).isSorted().doesNotHaveDuplicates().hasSize(threads * perThread);
        assertThatThrownBy(() -> ask(model, ModelRequest.user("one too many")))
                .hasMessageContaining("has no reply for request #1601: 1600 replies were enqueued and 1600 consumed");
    }
}

package dev.steadfast.testing.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.agent.ModelRetry;
import dev.steadfast.agent.RunContext;
import dev.steadfast.agent.Tool;
import dev.steadfast.error.UnexpectedModelBehavior;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.RetryPromptPart;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.testing.ScriptedModel;
import dev.steadfast.usage.UsageLimitExceeded;
import dev.steadfast.usage.UsageLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** PydanticAI's retry rules: a count per tool name, reset by the tool's success, and a separate output budget. */
class AgentRetryBudgetTest {
    record Empty() {}

    record Answer(String text) {}

    /** A model that answers with {@code turn.apply(n)} for response n (from 0), counted from the messages. */
    private static FunctionModel turns(IntFunction<ModelResponse> turn) {
        return new FunctionModel((messages, params) -> turn.apply(responses(messages)));
    }

    private static int responses(List<Message> messages) {
        return (int) messages.stream().filter(ModelResponse.class::isInstance).count();
    }

    private static ModelResponse call(String tool) {
        return ModelResponse.of(ToolCallPart.of(tool, Map.of()));
    }

    @Test
    void aToolsRetryCountResetsWhenItSucceeds() {
        var seen = new CopyOnWriteArrayList<Integer>();
        Agent<Void, String> agent = Agent.builder().name("reset").retries(2)
                .model(turns(n -> n < 4 ? call("sometimes") : ModelResponse.of(TextPart.of("done"))))
                .tool("sometimes", "fails on odd calls", Empty.class, (ctx, a) -> {
                    seen.add(ctx.retry());
                    if (seen.size() % 2 == 1) {
                        throw new ModelRetry("fails on odd calls");
                    }
                    return "ok";
                }).build();

        assertThat(agent.run("go").output()).isEqualTo("done");
        assertThat(seen).containsExactly(0, 1, 0, 1);
    }

    @Test
    void withTheDefaultBudgetOfOneATransientFailureAfterASuccessDoesNotEndTheRun() {
        var calls = new CopyOnWriteArrayList<Integer>();
        Agent<Void, String> agent = Agent.builder().name("long")
                .model(turns(n -> n < 8 ? call("flaky") : ModelResponse.of(TextPart.of("done"))))
                .tool("flaky", "fails every other call", Empty.class, (ctx, a) -> {
                    calls.add(ctx.retry());
                    if (calls.size() % 2 == 1) {
                        throw new ModelRetry("try again");
                    }
                    return "ok";
                }).build();

        AgentResult<String> r = agent.run("go");

        assertThat(r.output()).isEqualTo("done");
        assertThat(calls).containsExactly(0, 1, 0, 1, 0, 1, 0, 1);
        assertThat(r.usage().toolCalls()).isEqualTo(4); // only the calls that returned count
    }

    @Test
    void aCountIsKeptWhileTheToolIsNotCalledAndTheBudgetStillEndsTheRun() {
        var seen = new CopyOnWriteArrayList<Integer>();
        Agent<Void, String> agent = Agent.builder().name("kept").retries(2)
                .model(turns(n -> call(n % 2 == 0 ? "flaky" : "other")))
                .tool("flaky", "always fails", Empty.class, (ctx, a) -> {
                    seen.add(ctx.retry());
                    throw new ModelRetry("always fails");
                })
                .tool("other", "works", Empty.class, (ctx, a) -> "ok").build();

        assertThatThrownBy(() -> agent.run("go")).isInstanceOf(UnexpectedModelBehavior.class)
                .hasMessage("Tool 'flaky' exceeded its retry limit of 2 in agent 'kept'; last problem: always fails");
        assertThat(seen).containsExactly(0, 1, 2);
    }

    @Test
    void aFailureAndASuccessOfOneToolInOneResponseCountAsAFailure() {
        var seen = new CopyOnWriteArrayList<String>();
        record Arg(int n) {}
        Agent<Void, String> agent = Agent.builder().name("both").retries(3)
                .model(turns(n -> switch (n) {
                    case 0 -> ModelResponse.of(ToolCallPart.of("t", Map.of("n", 1)), ToolCallPart.of("t", Map.of("n", 2)));
                    case 1 -> ModelResponse.of(ToolCallPart.of("t", Map.of("n", 2)));
                    case 2 -> ModelResponse.of(ToolCallPart.of("t", Map.of("n", 2)));
                    default -> ModelResponse.of(TextPart.of("done"));
                }))
                .tool("t", "fails for 1", Arg.class, (ctx, a) -> {
                    seen.add(a.n() + "@" + ctx.retry());
                    if (a.n() == 1) {
                        throw new ModelRetry("not 1");
                    }
                    return "ok";
                }).build();

        agent.run("go");

        assertThat(seen.subList(0, 2)).containsExactlyInAnyOrder("1@0", "2@0"); // one response, run together
        assertThat(seen.subList(2, 4)).containsExactly("2@1", "2@0");
    }

    @Test
    void unknownToolNamesSpendTheToolsBudgetByNameNotTheOutputs() {
        ScriptedModel model = new ScriptedModel();
        Agent<Void, Answer> agent = Agent.builder().name("ghosts").model(model).output(Answer.class)
                .tool("real", "works", Empty.class, (ctx, a) -> "ok").build();
        model.enqueue(ModelResponse.of(ToolCallPart.of("ghost", "g1", Map.of()), ToolCallPart.of("real", "r1", Map.of())));
        model.enqueue(ModelResponse.of(ToolCallPart.of("phantom", "g2", Map.of()), ToolCallPart.of("real", "r2", Map.of())));
        model.enqueue(ToolCallPart.of("final_result", "f1", Map.of("words", "fine")));
        model.enqueue(ToolCallPart.of("final_result", "f2", Map.of("text", "fine")));

        AgentResult<Answer> r = agent.run("go");

        assertThat(r.output()).isEqualTo(new Answer("fine"));
        assertThat(r.usage().requests()).isEqualTo(4);
        assertThat(r.usage().toolCalls()).isEqualTo(2);
        model.takeRequest();
        assertThat(model.takeRequest().retryPrompts()).extracting(RetryPromptPart::content)
                .containsExactly("Unknown tool name: 'ghost'. Available tools: real, final_result");
    }

    @Test
    void theSameUnknownNameTwiceInARowEndsTheRunWithTheToolsBudget() {
        Agent<Void, String> agent = Agent.builder().name("ghost").model(turns(n -> call("ghost")))
                .tool("real", "works", Empty.class, (ctx, a) -> "ok").build();

        assertThatThrownBy(() -> agent.run("go")).isInstanceOf(UnexpectedModelBehavior.class)
                .hasMessage("Unknown tool 'ghost' exceeded its retry limit of 1 in agent 'ghost'; last problem: "
                        + "Unknown tool name: 'ghost'. Available tools: real");
    }

    @Test
    void toolAndOutputBudgetsAreSeparate() {
        var seen = new CopyOnWriteArrayList<Integer>();
        ScriptedModel model = new ScriptedModel();
        Agent<Void, Answer> agent = Agent.builder().name("split").model(model).output(Answer.class)
                .toolRetries(3).outputRetries(0)
                .tool("flaky", "fails", Empty.class, (ctx, a) -> {
                    seen.add(ctx.maxRetries());
                    throw new ModelRetry("no");
                }).build();
        model.enqueue(ToolCallPart.of("flaky", Map.of()));
        model.enqueue(ToolCallPart.of("flaky", Map.of()));
        model.enqueue(ToolCallPart.of("final_result", Map.of()));

        assertThatThrownBy(() -> agent.run("go")).isInstanceOf(UnexpectedModelBehavior.class)
                .hasMessage("Exceeded the output retry limit of 0 in agent 'split'; last problem: text: field required");
        assertThat(seen).containsExactly(3, 3);
    }

    static class Picky {
        final List<String> seen = new ArrayList<>();

        @Tool(value = "fails until its last attempt", modelRetries = 3)
        String picky(RunContext<Void> ctx) {
            seen.add(ctx.retry() + "/" + ctx.maxRetries() + (ctx.lastAttempt() ? " last" : ""));
            if (!ctx.lastAttempt()) {
                throw new ModelRetry("again");
            }
            return "ok";
        }
    }

    @Test
    void aToolSeesItsRetryNumberItsBudgetAndWhetherThisIsItsLastAttempt() {
        Picky picky = new Picky();
        Agent<Void, String> agent = Agent.builder().name("picky")
                .model(turns(n -> n < 4 ? call("picky") : ModelResponse.of(TextPart.of("done")))).tools(picky).build();

        agent.run("go");

        assertThat(picky.seen).containsExactly("0/3", "1/3", "2/3", "3/3 last");
    }

    @Test
    void anOutputValidatorSeesTheOutputsRetriesAndBudget() {
        var seen = new CopyOnWriteArrayList<String>();
        ScriptedModel model = new ScriptedModel();
        Agent<Void, Answer> agent = Agent.builder().name("v").model(model).output(Answer.class).outputRetries(2)
                .outputValidator((ctx, a) -> {
                    seen.add(ctx.retry() + "/" + ctx.maxRetries());
                    if (!a.text().equals("ok")) {
                        throw new ModelRetry("say ok");
                    }
                    return a;
                }).build();
        model.enqueue(ToolCallPart.of("final_result", Map.of("text", "a")));
        model.enqueue(ToolCallPart.of("final_result", Map.of("text", "b")));
        model.enqueue(ToolCallPart.of("final_result", Map.of("text", "ok")));

        assertThat(agent.run("go").output().text()).isEqualTo("ok");
        assertThat(seen).containsExactly("0/2", "1/2", "2/2");
    }

    @Test
    void aRetriedCallIsNotCountedAgainstTheToolCallLimit() {
        var attempts = new CopyOnWriteArrayList<Integer>();
        Agent<Void, String> agent = Agent.builder().name("limit")
                .usageLimits(UsageLimits.builder().toolCallsLimit(1).build())
                .model(turns(n -> n < 2 ? call("once") : ModelResponse.of(TextPart.of("done"))))
                .tool("once", "fails first", Empty.class, (ctx, a) -> {
                    attempts.add(ctx.retry());
                    if (attempts.size() == 1) {
                        throw new ModelRetry("again");
                    }
                    return "ok";
                }).build();

        AgentResult<String> r = agent.run("go");

        assertThat(r.output()).isEqualTo("done");
        assertThat(attempts).containsExactly(0, 1);
        assertThat(r.usage().toolCalls()).isEqualTo(1);
    }

    @Test
    void theToolCallLimitIsCheckedBeforeAResponsesCallsRun() {
        var ran = new CopyOnWriteArrayList<String>();
        Agent<Void, String> agent = Agent.builder().name("limit2")
                .usageLimits(UsageLimits.builder().toolCallsLimit(1).build())
                .model(turns(n -> ModelResponse.of(ToolCallPart.of("t", Map.of()), ToolCallPart.of("t", Map.of()))))
                .tool("t", "t", Empty.class, (ctx, a) -> ran.add("x")).build();

        assertThatThrownBy(() -> agent.run("go")).isInstanceOf(UsageLimitExceeded.class)
                .hasMessage("The next 2 tool calls would exceed the tool call limit of 1 (0 made)");
        assertThat(ran).isEmpty();
    }
}

package dev.steadfast.testing.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.agent.EndStrategy;
import dev.steadfast.agent.ModelRetry;
import dev.steadfast.agent.Tool;
import dev.steadfast.error.UnexpectedModelBehavior;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.RequestPart;
import dev.steadfast.message.RetryPromptPart;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.model.OutputMode;
import dev.steadfast.testing.ScriptedModel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** PydanticAI's end strategies: what happens to the other calls of a response that holds an output call. */
class AgentEndStrategyTest {
    record Report(String title) {}

    record Note(String text) {}

    private final ScriptedModel model = new ScriptedModel();
    private final List<String> ran = new CopyOnWriteArrayList<>();

    private Agent.Builder<Void, Report> builder() {
        return Agent.builder().name("end").model(model).output(Report.class)
                .tool("note", "Writes a note", Note.class, (ctx, n) -> {
                    ran.add("note " + n.text());
                    if (n.text().equals("bad")) {
                        throw new ModelRetry("not 'bad'");
                    }
                    return "noted " + n.text();
                })
                .outputValidator((ctx, r) -> {
                    ran.add("output " + r.title());
                    return r;
                });
    }

    private static ToolCallPart note(String id, String text) {
        return ToolCallPart.of("note", id, Map.of("text", text));
    }

    private static ToolCallPart report(String id, String title) {
        return ToolCallPart.of("final_result", id, Map.of("title", title));
    }

    private static List<String> contents(List<RequestPart> parts) {
        return parts.stream().map(p -> switch (p) {
            case ToolReturnPart t -> t.toolCallId() + ": " + t.contentAsText();
            case RetryPromptPart r -> r.toolCallId() + ": retry " + r.content();
            default -> p.toString();
        }).toList();
    }

    private static List<RequestPart> lastParts(AgentResult<?> r) {
        return ((ModelRequest) r.messages().getLast()).parts();
    }

    @Test
    void theDefaultIsGraceful() {
        assertThat(Agent.builder().name("d").model(model).build()).isNotNull();
        model.enqueue(ModelResponse.of(report("f", "T"), note("n", "after")));

        AgentResult<Report> r = builder().build().run("go");

        assertThat(r.output()).isEqualTo(new Report("T"));
        assertThat(ran).containsExactly("output T", "note after");
    }

    @Test
    void earlyEndsAtTheFirstValidOutputAndRunsNoFunctionTool() {
        model.enqueue(ModelResponse.of(note("n1", "before"), report("f1", "T"), report("f2", "U"), note("n2", "after")));

        AgentResult<Report> r = builder().endStrategy(EndStrategy.EARLY).build().run("go");

        assertThat(r.output()).isEqualTo(new Report("T"));
        assertThat(ran).containsExactly("output T");
        assertThat(contents(lastParts(r))).containsExactly(
                "n1: Tool not executed - a final result was already processed.",
                "f1: Final result processed.",
                "f2: Output tool not used - a final result was already processed.",
                "n2: Tool not executed - a final result was already processed.");
        assertThat(r.usage().toolCalls()).isZero();
    }

    @Test
    void earlyRunsTheFunctionToolsWhenEveryOutputFails() {
        model.enqueue(ModelResponse.of(note("n1", "x"), ToolCallPart.of("final_result", "f1", Map.of())));
        model.enqueue(report("f2", "T"));

        AgentResult<Report> r = builder().endStrategy(EndStrategy.EARLY).build().run("go");

        assertThat(ran).containsExactly("note x", "output T");
        model.takeRequest();
        assertThat(contents(model.takeRequest().lastRequest().parts()))
                .containsExactly("n1: noted x", "f1: retry title: field required");
        assertThat(r.output()).isEqualTo(new Report("T"));
    }

    @Test
    void earlyTakesAValidStructuredTextAnswerOverTheCallsBesideIt() {
        Agent<Void, Report> agent = builder().endStrategy(EndStrategy.EARLY).outputMode(OutputMode.NATIVE).build();
        model.enqueue(ModelResponse.of(TextPart.of("{\"title\":\"T\"}"), note("n1", "x")));

        AgentResult<Report> r = agent.run("go");

        assertThat(r.output()).isEqualTo(new Report("T"));
        assertThat(contents(lastParts(r))).containsExactly("n1: Tool not executed - a final result was already processed.");
        assertThat(ran).containsExactly("output T");
    }

    @Test
    void gracefulRunsFunctionToolsInCallOrderAroundTheOutputThenTheOutputWins() {
        model.enqueue(ModelResponse.of(note("n1", "before"), report("f1", "T"), report("f2", "U"), note("n2", "after")));

        AgentResult<Report> r = builder().endStrategy(EndStrategy.GRACEFUL).build().run("go");

        assertThat(r.output()).isEqualTo(new Report("T"));
        assertThat(ran).containsExactly("note before", "output T", "note after");
        assertThat(contents(lastParts(r))).containsExactly(
                "n1: noted before",
                "f1: Final result processed.",
                "f2: Output tool not used - a final result was already processed.",
                "n2: noted after");
        assertThat(r.usage().toolCalls()).isEqualTo(2);
        assertThat(r.usage().requests()).isEqualTo(1);
    }

    @Test
    void aFunctionToolsRetrySuppressesTheOutputUnderGraceful() {
        model.enqueue(ModelResponse.of(note("n1", "bad"), report("f1", "T")));
        model.enqueue(ModelResponse.of(note("n2", "good"), report("f2", "U")));

        AgentResult<Report> r = builder().build().run("go");

        assertThat(r.output()).isEqualTo(new Report("U"));
        model.takeRequest();
        assertThat(contents(model.takeRequest().lastRequest().parts())).containsExactly(
                "n1: retry not 'bad'",
                "f1: Output not used as the final result - addressing tool retries from this round first.");
        assertThat(ran).containsExactly("note bad", "output T", "note good", "output U");
        assertThat(r.usage().requests()).isEqualTo(2);
    }

    @Test
    void anUnknownToolsRetryDoesNotSuppressTheOutput() {
        model.enqueue(ModelResponse.of(ToolCallPart.of("ghost", "g1", Map.of()), report("f1", "T")));

        AgentResult<Report> r = builder().build().run("go");

        assertThat(r.output()).isEqualTo(new Report("T"));
        assertThat(contents(lastParts(r))).containsExactly(
                "g1: retry Unknown tool name: 'ghost'. Available tools: note, final_result", "f1: Final result processed.");
    }

    @Test
    void exhaustiveValidatesEveryOutputAndTheFirstValidOneWins() {
        model.enqueue(ModelResponse.of(report("f1", "T"), note("n1", "x"), report("f2", "U")));

        AgentResult<Report> r = builder().endStrategy(EndStrategy.EXHAUSTIVE).build().run("go");

        assertThat(r.output()).isEqualTo(new Report("T"));
        assertThat(ran).containsExactly("note x", "output T", "output U");
        assertThat(contents(lastParts(r))).containsExactly(
                "f1: Final result processed.",
                "n1: noted x",
                "f2: Output tool processed, but its value will not be the final result of the agent run.");
    }

    @Test
    void aFunctionToolsRetrySuppressesTheOutputUnderExhaustive() {
        model.enqueue(ModelResponse.of(report("f1", "T"), note("n1", "bad")));
        model.enqueue(report("f2", "U"));

        AgentResult<Report> r = builder().endStrategy(EndStrategy.EXHAUSTIVE).build().run("go");

        assertThat(r.output()).isEqualTo(new Report("U"));
        model.takeRequest();
        assertThat(contents(model.takeRequest().lastRequest().parts())).containsExactly(
                "f1: Output not used as the final result - addressing tool retries from this round first.",
                "n1: retry not 'bad'");
    }

    @Test
    void underExhaustiveAnOutputPastItsBudgetFailsTheRunOnlyIfNoOtherOutputWins() {
        var invalidThenValid = ModelResponse.of(ToolCallPart.of("final_result", "f1", Map.of()), report("f2", "U"));
        model.enqueue(invalidThenValid);
        AgentResult<Report> r = builder().endStrategy(EndStrategy.EXHAUSTIVE).outputRetries(0).build().run("go");
        assertThat(r.output()).isEqualTo(new Report("U"));
        assertThat(contents(lastParts(r))).containsExactly(
                "f1: Output tool not used - output failed validation.", "f2: Final result processed.");

        model.enqueue(invalidThenValid);
        assertThatThrownBy(() -> builder().endStrategy(EndStrategy.GRACEFUL).outputRetries(0).build().run("go"))
                .isInstanceOf(UnexpectedModelBehavior.class)
                .hasMessage("Exceeded the output retry limit of 0 in agent 'end'; last problem: title: field required");
    }
}

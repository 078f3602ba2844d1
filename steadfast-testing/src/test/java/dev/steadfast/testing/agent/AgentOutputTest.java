package dev.steadfast.testing.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.agent.EndStrategy;
import dev.steadfast.agent.ModelRetry;
import dev.steadfast.agent.Tool;
import dev.steadfast.error.UnexpectedModelBehavior;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.SystemPromptPart;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.OutputMode;
import dev.steadfast.testing.RecordedRequest;
import dev.steadfast.testing.ScriptedModel;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentOutputTest {
    record Summary(@NotBlank String title, @Size(min = 1) List<String> points) {}

    sealed interface Verdict permits Approved, Rejected {}

    record Approved(String plan) implements Verdict {}

    record Rejected(String reason) implements Verdict {}

    private final ScriptedModel model = new ScriptedModel();

    private Agent<Void, Summary> summarizer() {
        return Agent.builder().name("sum").model(model).output(Summary.class).build();
    }

    @Test
    void recordOutputIsOfferedAsAToolAndParsed() {
        model.enqueue(ToolCallPart.of("final_result", "f1", Map.of("title", "Durability", "points", List.of("fsync"))));

        AgentResult<Summary> r = summarizer().run("summarize");

        assertThat(r.output()).isEqualTo(new Summary("Durability", List.of("fsync")));
        ModelRequestParameters params = model.takeRequest().parameters();
        assertThat(params.allowTextOutput()).isFalse();
        assertThat(params.outputTools()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("final_result");
            assertThat(t.parametersSchema().path("required").toString()).isEqualTo("[\"title\",\"points\"]");
            assertThat(t.parametersSchema().path("properties").path("points").path("minItems").asInt()).isEqualTo(1);
        });
        // The output call is answered, so the history is valid for the next turn.
        assertThat(r.messages().getLast()).isEqualTo(dev.steadfast.message.ModelRequest.of(
                ToolReturnPart.of("final_result", "f1", "Final result processed.")));
    }

    @Test
    void invalidOutputIsRetriedThenAccepted() {
        model.enqueue(ToolCallPart.of("final_result", "f1", Map.of("title", " ", "points", List.of())));
        model.enqueue(ToolCallPart.of("final_result", "f2", Map.of("points", List.of("x"))));
        model.enqueue(ToolCallPart.of("final_result", "f3", Map.of("title", "T", "points", List.of("x"))));

        AgentResult<Summary> r = Agent.builder().name("sum").model(model).output(Summary.class).retries(2).build().run("go");

        assertThat(r.output()).isEqualTo(new Summary("T", List.of("x")));
        model.takeRequest();
        assertThat(model.takeRequest().retryPrompts()).singleElement().satisfies(p -> {
            assertThat(p.toolCallId()).isEqualTo("f1");
            assertThat(p.content()).isEqualTo("points: size must be between 1 and 2147483647\ntitle: must not be blank");
        });
        assertThat(model.takeRequest().retryPrompts()).singleElement()
                .satisfies(p -> assertThat(p.content()).isEqualTo("title: field required"));
        assertThat(r.usage().requests()).isEqualTo(3);
    }

    @Test
    void textWhenAStructuredOutputIsRequiredGetsARetryPrompt() {
        model.enqueueText("Here is my summary: durable!");
        model.enqueue(ToolCallPart.of("final_result", Map.of("title", "T", "points", List.of("p"))));

        summarizer().run("go");

        model.takeRequest();
        assertThat(model.takeRequest().retryPrompts()).singleElement().satisfies(p -> {
            assertThat(p.toolName()).isNull();
            assertThat(p.content()).isEqualTo("Plain text responses are not permitted; call one of the output tools: final_result");
        });
    }

    @Test
    void exhaustedOutputRetriesFailTheRun() {
        model.enqueueText("no");
        model.enqueueText("still no");

        assertThatThrownBy(() -> summarizer().run("go")).isInstanceOf(UnexpectedModelBehavior.class)
                .hasMessageStartingWith("Exceeded the output retry limit of 1 in agent 'sum'");
    }

    @Test
    void sealedInterfaceOffersOneToolPerPermittedRecord() {
        Agent<Void, Verdict> judge = Agent.builder().name("judge").model(model).output(Verdict.class).build();
        model.enqueue(ToolCallPart.of("final_result_Rejected", Map.of("reason", "too risky")));

        Verdict v = judge.run("decide").output();

        assertThat(v).isEqualTo(new Rejected("too risky"));
        assertThat(model.takeRequest().toolNames()).containsExactly("final_result_Approved", "final_result_Rejected");
    }

    @Test
    void aSealedInterfaceInNativeModeIsOneSchemaOfItsRecords() {
        Agent<Void, Verdict> judge = Agent.builder().name("judge").model(model).output(Verdict.class)
                .outputMode(dev.steadfast.model.OutputMode.NATIVE).build();
        model.enqueue(ModelResponse.of(TextPart.of("{\"response\": {\"reason\": \"too risky\"}}")));

        assertThat(judge.run("decide").output()).isEqualTo(new Rejected("too risky"));
        var format = model.takeRequest().parameters().outputTools();
        assertThat(format).hasSize(1);
        assertThat(format.getFirst().parametersSchema().at("/properties/response/anyOf")).hasSize(2);
    }

    @Test
    void outputValidatorCanAskForAnotherTry() {
        Agent<Void, Summary> strict = Agent.builder().name("sum").model(model).output(Summary.class)
                .outputValidator((ctx, s) -> {
                    if (s.points().size() > 1) {
                        throw new ModelRetry("One point only, please.");
                    }
                    return s;
                }).build();
        model.enqueue(ToolCallPart.of("final_result", Map.of("title", "T", "points", List.of("a", "b"))));
        model.enqueue(ToolCallPart.of("final_result", Map.of("title", "T", "points", List.of("a"))));

        assertThat(strict.run("go").output().points()).containsExactly("a");
        model.takeRequest();
        assertThat(model.takeRequest().retryPrompts()).extracting(p -> p.content()).containsExactly("One point only, please.");
    }

    @Test
    void nativeModeParsesJsonText() {
        Agent<Void, Summary> agent = Agent.builder().name("sum").model(model).output(Summary.class)
                .outputMode(OutputMode.NATIVE).build();
        model.enqueueText("{\"title\":\"T\",\"points\":[\"p\"]}");

        assertThat(agent.run("go").output()).isEqualTo(new Summary("T", List.of("p")));
        ModelRequestParameters params = model.takeRequest().parameters();
        assertThat(params.outputMode()).isEqualTo(OutputMode.NATIVE);
        assertThat(params.outputTools()).hasSize(1);
        assertThat(params.allTools()).isEmpty();
    }

    @Test
    void promptedModePutsTheSchemaInTheInstructions() {
        Agent<Void, Summary> agent = Agent.builder().name("sum").model(model).instructions("Be brief.")
                .output(Summary.class).outputMode(OutputMode.PROMPTED).build();
        model.enqueueText("```json\n{\"title\":\"T\",\"points\":[\"p\"]}\n```");

        assertThat(agent.run("go").output()).isEqualTo(new Summary("T", List.of("p")));
        RecordedRequest req = model.takeRequest();
        SystemPromptPart system = (SystemPromptPart) req.lastRequest().parts().get(0);
        assertThat(system.content()).startsWith("Be brief.\n\nAlways respond with a JSON object that matches this JSON schema")
                .contains("\"title\"");
    }

    @Test
    @SuppressWarnings({"rawtypes", "unchecked"})
    void listOutputIsWrapped() {
        Agent<Void, List> agent = Agent.builder().name("l").model(model).output(List.class).build();
        model.enqueue(ToolCallPart.of("final_result", Map.of("response", List.of("a", "b"))));
        assertThat(agent.run("go").output()).containsExactly("a", "b");
    }

    @Test
    void finalResultWithOtherCallsSkipsThemUnderEarly() {
        Agent<Void, Summary> agent = Agent.builder().name("sum").model(model).output(Summary.class).endStrategy(EndStrategy.EARLY)
                .tool("noop", "does nothing", Summary.class, (ctx, s) -> { throw new AssertionError("must not run"); }).build();
        model.enqueue(ModelResponse.of(
                ToolCallPart.of("final_result", "f", Map.of("title", "T", "points", List.of("p"))),
                ToolCallPart.of("noop", "n", Map.of("title", "T", "points", List.of("p")))));

        AgentResult<Summary> r = agent.run("go");

        assertThat(r.output().title()).isEqualTo("T");
        assertThat(((dev.steadfast.message.ModelRequest) r.messages().getLast()).parts())
                .extracting(p -> ((ToolReturnPart) p).contentAsText())
                .containsExactly("Final result processed.", "Tool not executed - a final result was already processed.");
    }

    @Test
    void arrayOutputIsWrappedLikeAList() {
        Agent<Void, String[]> agent = Agent.builder().name("a").model(model).output(String[].class).build();
        model.enqueue(ToolCallPart.of("final_result", Map.of("response", List.of("a", "b"))));

        assertThat(agent.run("go").output()).containsExactly("a", "b");
        assertThat(model.takeRequest().parameters().outputTools().getFirst().parametersSchema().path("properties")
                .path("response").path("type").asText()).isEqualTo("array");
    }

    @Test
    void textOutputEndsTheRun() {
        model.enqueue(ModelResponse.of(TextPart.of("Hello "), TextPart.of("world")));
        assertThat(Agent.builder().name("t").model(model).build().run("hi").output()).isEqualTo("Hello world");
    }
}

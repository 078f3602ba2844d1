package dev.steadfast.testing.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.agent.RunOptions;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.SystemPromptPart;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.message.UserPromptPart;
import dev.steadfast.testing.RecordedRequest;
import dev.steadfast.testing.ScriptedModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** History rules: unanswered tool calls are answered before anything new; instructions go with every request. */
class AgentHistoryTest {
    record City(String name) {}

    private final ScriptedModel model = new ScriptedModel();

    private Agent<Void, String> agent(String name, String instructions) {
        return Agent.builder().name(name).model(model).instructions(instructions)
                .tool("weather", "The weather in a city", City.class, (ctx, c) -> "sunny in " + c.name()).build();
    }

    private static final List<Message> DANGLING = List.of(ModelRequest.user("Weather in Paris?"),
            ModelResponse.of(ToolCallPart.of("weather", "w1", Map.of("name", "Paris"))));

    private static RunOptions<Void> history(List<Message> messages) {
        return RunOptions.<Void>builder().messageHistory(messages).build();
    }

    private static boolean storesInstructions(List<Message> messages) {
        return messages.stream().flatMap(m -> m.parts().stream()).anyMatch(SystemPromptPart.class::isInstance);
    }

    @Test
    void instructionsGoWithEveryRequestAndAreNeverStored() {
        model.enqueue(ToolCallPart.of("weather", "w1", Map.of("name", "Rome")));
        model.enqueueText("Sunny.");

        AgentResult<String> r = agent("w", "Be brief.").run("Weather in Rome?");

        for (int i = 0; i < 2; i++) {
            RecordedRequest sent = model.takeRequest();
            assertThat(sent.messages().getFirst().parts().getFirst()).isEqualTo(new SystemPromptPart("Be brief."));
        }
        assertThat(storesInstructions(r.messages())).isFalse();
        assertThat(r.messages().getFirst()).isEqualTo(ModelRequest.user("Weather in Rome?"));
    }

    @Test
    void continuingAnotherAgentsHistorySendsThisAgentsInstructions() {
        model.enqueueText("Hi, I am the planner.");
        AgentResult<String> planner = agent("planner", "You plan.").run("Hello");
        model.enqueueText("Hi, I am the writer.");

        agent("writer", "You write.").run("And you?", history(planner.messages()));

        model.takeRequest();
        RecordedRequest sent = model.takeRequest();
        assertThat(sent.messages().getFirst()).isEqualTo(ModelRequest.of(new SystemPromptPart("You write."),
                new UserPromptPart("Hello")));
        assertThat(sent.messages().toString()).doesNotContain("You plan.");
    }

    @Test
    void aHistoryThatStoredTheseInstructionsDoesNotGetThemTwice() {
        List<Message> old = List.of(ModelRequest.of(new SystemPromptPart("Be brief."), new UserPromptPart("Hi")),
                ModelResponse.of(TextPart.of("Hello.")));
        model.enqueueText("Still here.");

        agent("w", "Be brief.").run("Still there?", history(old));

        assertThat(model.takeRequest().messages().getFirst()).isEqualTo(old.getFirst());
    }

    @Test
    void aNewPromptOnUnansweredToolCallsIsRefused() {
        assertThatThrownBy(() -> agent("w", "Be brief.").run("And in Rome?", history(DANGLING)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot run agent 'w' on a new prompt: the message history ends in tool calls that were never "
                        + "answered (weather w1), which a provider refuses. Run it without a prompt (agent.run(options)) "
                        + "to answer them first.");
        assertThat(model.requestCount()).isZero();
    }

    @Test
    void withoutAPromptUnansweredToolCallsAreAnsweredThenTheModelIsAsked() {
        model.enqueueText("Sunny in Paris.");

        AgentResult<String> r = agent("w", "Be brief.").run(history(DANGLING));

        assertThat(r.output()).isEqualTo("Sunny in Paris.");
        RecordedRequest sent = model.takeRequest();
        assertThat(sent.messages()).hasSize(3);
        assertThat(sent.lastRequest()).isEqualTo(ModelRequest.of(ToolReturnPart.of("weather", "w1", "sunny in Paris")));
        assertThat(r.newMessages()).containsExactly(sent.lastRequest(), r.messages().getLast());
        assertThat(r.usage().requests()).isEqualTo(1);
    }

    @Test
    void withoutAPromptALastRequestIsSentAsItIs() {
        List<Message> unsent = List.of(ModelRequest.user("Weather in Oslo?"));
        model.enqueueText("Snow.");

        AgentResult<String> r = agent("w", "Be brief.").run(history(unsent));

        assertThat(r.output()).isEqualTo("Snow.");
        assertThat(model.takeRequest().messages()).containsExactly(
                ModelRequest.of(new SystemPromptPart("Be brief."), new UserPromptPart("Weather in Oslo?")));
        assertThat(r.messages()).hasSize(2);
        assertThat(r.newMessages()).hasSize(2);
    }

    @Test
    void withoutAPromptALastTextAnswerIsTheOutput() {
        List<Message> done = List.of(ModelRequest.user("Hi"), ModelResponse.of(TextPart.of("Hello.")));

        AgentResult<String> r = agent("w", "Be brief.").run(history(done));

        assertThat(r.output()).isEqualTo("Hello.");
        assertThat(model.requestCount()).isZero();
    }

    @Test
    void neitherAPromptNorAHistoryIsRefused() {
        assertThatThrownBy(() -> agent("w", "x").run(RunOptions.<Void>builder().build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Agent 'w' was given neither a prompt nor a message history to continue");
    }
}

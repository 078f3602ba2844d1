package dev.steadfast.testing.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.agent.ModelRetry;
import dev.steadfast.agent.RunContext;
import dev.steadfast.agent.Tool;
import dev.steadfast.error.UnexpectedModelBehavior;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.RetryPromptPart;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.model.ToolDefinition;
import dev.steadfast.testing.ScriptedModel;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Output functions: the model's final call is a method's validated arguments; what it returns is the output. */
class AgentOutputFunctionTest {
    record Ticket(String flight, int seats) {}

    static class Booking {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Tool("Book the flight the user chose; this ends the conversation")
        Ticket book(String flight, @Min(1) int seats, RunContext<Void> ctx) {
            calls.add(flight + " x" + seats + " retry " + ctx.retry() + "/" + ctx.maxRetries());
            if (!flight.startsWith("LH")) {
                throw new ModelRetry("No flight " + flight + "; pick one from the search.");
            }
            return new Ticket(flight, seats);
        }

        @Tool(value = "Give up: no flight fits", modelRetries = 0)
        Ticket none(String why) {
            calls.add("none: " + why);
            throw new ModelRetry("Search first.");
        }
    }

    private final ScriptedModel model = new ScriptedModel();
    private final Booking booking = new Booking();

    private Agent<Void, Ticket> agent() {
        return Agent.builder().name("book").model(model).retries(2).outputFunctions(Ticket.class, booking).build();
    }

    @Test
    void theFunctionsReturnValueIsTheOutputAndItsParametersAreTheSchema() {
        model.enqueue(ToolCallPart.of("book", "b1", Map.of("flight", "LH400", "seats", 2)));

        AgentResult<Ticket> r = agent().run("book LH400 for two");

        assertThat(r.output()).isEqualTo(new Ticket("LH400", 2));
        assertThat(booking.calls).containsExactly("LH400 x2 retry 0/2");
        List<ToolDefinition> outputs = model.takeRequest().parameters().outputTools();
        assertThat(outputs).extracting(ToolDefinition::name).containsExactly("book", "none");
        assertThat(outputs.getFirst().parametersSchema().path("properties").path("seats").path("minimum").asInt()).isEqualTo(1);
        assertThat(outputs.getFirst().parametersSchema().path("properties").has("ctx")).isFalse();
        assertThat(r.messages().getLast()).isEqualTo(dev.steadfast.message.ModelRequest.of(
                ToolReturnPart.of("book", "b1", "Final result processed.")));
        assertThat(r.usage().toolCalls()).isZero();
    }

    @Test
    void invalidArgumentsAndModelRetryAreRetryPromptsChargedToTheFunction() {
        model.enqueue(ToolCallPart.of("book", "b1", Map.of("flight", "LH400", "seats", 0)));
        model.enqueue(ToolCallPart.of("book", "b2", Map.of("flight", "XX1", "seats", 1)));
        model.enqueue(ToolCallPart.of("book", "b3", Map.of("flight", "LH401", "seats", 1)));

        AgentResult<Ticket> r = agent().run("book");

        assertThat(r.output()).isEqualTo(new Ticket("LH401", 1));
        assertThat(booking.calls).containsExactly("XX1 x1 retry 1/2", "LH401 x1 retry 2/2");
        model.takeRequest();
        assertThat(model.takeRequest().retryPrompts()).extracting(RetryPromptPart::content)
                .containsExactly("seats: must be greater than or equal to 1");
        assertThat(model.takeRequest().retryPrompts()).extracting(RetryPromptPart::content)
                .containsExactly("No flight XX1; pick one from the search.");
    }

    @Test
    void eachFunctionHasItsOwnBudget() {
        model.enqueue(ToolCallPart.of("none", "n1", Map.of("why", "full")));

        assertThatThrownBy(() -> agent().run("book")).isInstanceOf(UnexpectedModelBehavior.class)
                .hasMessage("Output function 'none' exceeded its retry limit of 0 in agent 'book'; last problem: Search first.");
    }

    @Test
    void textIsNotAnOutputWhenTheOutputIsAFunction() {
        model.enqueue(ModelResponse.of(TextPart.of("Booked!")));
        model.enqueue(ToolCallPart.of("book", "b1", Map.of("flight", "LH400", "seats", 1)));

        agent().run("book");

        model.takeRequest();
        assertThat(model.takeRequest().retryPrompts()).extracting(RetryPromptPart::content)
                .containsExactly("Plain text responses are not permitted; call one of the output tools: book, none");
    }

    static class Wrong {
        @Tool("returns text")
        String text() {
            return "x";
        }
    }

    @Test
    void aFunctionMustReturnTheOutputType() {
        assertThatThrownBy(() -> Agent.builder().name("w").model(model).outputFunctions(Ticket.class, new Wrong()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Output function Wrong.text returns java.lang.String, not the output type "
                        + Ticket.class.getName());
    }
}

package dev.steadfast.testing.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.Tool;
import dev.steadfast.message.RetryPromptPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.testing.ScriptedModel;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Errors sent back to the model name the JSON path of every invalid field, for tools and outputs alike. */
class AgentValidationErrorsTest {
    record Item(String sku, int qty) {}

    record Order(int a, Item item, List<Item> items) {}

    record Pair(int a, @Min(1) int b) {}

    private final ScriptedModel model = new ScriptedModel();

    private static final Map<String, Object> BAD_ORDER = Map.of("a", "wrong", "item", Map.of("sku", "s", "qty", "x"),
            "items", List.of(Map.of("sku", "ok", "qty", 1), Map.of("sku", "no", "qty", "y")));

    private static final String INT = "Cannot deserialize value of type `int` from String \"%s\": not a valid `int` value";

    private String retryAfter(Agent<Void, ?> agent, ToolCallPart bad) {
        model.enqueue(bad);
        model.enqueueText("gave up");
        try {
            agent.run("go");
        } catch (RuntimeException ignored) {
            // an output agent cannot end on text; only the retry prompt matters here
        }
        model.takeRequest();
        List<RetryPromptPart> retries = model.takeRequest().retryPrompts();
        assertThat(retries).hasSize(1);
        return retries.getFirst().content();
    }

    @Test
    void anOutputRecordNamesEveryWrongField() {
        Agent<Void, Order> agent = Agent.builder().name("o").model(model).output(Order.class).build();

        String problem = retryAfter(agent, ToolCallPart.of("final_result", BAD_ORDER));

        assertThat(problem).isEqualTo(String.join("\n", "a: " + INT.formatted("wrong"), "item.qty: " + INT.formatted("x"),
                "items[1].qty: " + INT.formatted("y")));
    }

    @Test
    void aProgrammaticToolNamesTheField() {
        Agent<Void, String> agent = Agent.builder().name("p").model(model)
                .tool("add", "add", Pair.class, (ctx, p) -> p.a() + p.b()).build();

        assertThat(retryAfter(agent, ToolCallPart.of("add", Map.of("a", "wrong", "b", 2))))
                .isEqualTo("a: " + INT.formatted("wrong"));
    }

    @Test
    void aWrappedArgumentIsNamedValue() {
        Agent<Void, String> agent = Agent.builder().name("w").model(model)
                .tool("twice", "twice", Integer.class, (ctx, n) -> n * 2).build();

        assertThat(retryAfter(agent, ToolCallPart.of("twice", Map.of("value", "x"))))
                .isEqualTo("value: Cannot deserialize value of type `java.lang.Integer` from String \"x\": not a valid `java.lang.Integer` value");
    }

    static class Shop {
        @Tool("Place an order")
        String place(Order order, int count) {
            return "placed";
        }
    }

    @Test
    void aMethodToolNamesTheParameterAndThePathInsideIt() {
        Agent<Void, String> agent = Agent.builder().name("m").model(model).tools(new Shop()).build();

        String problem = retryAfter(agent, ToolCallPart.of("place", Map.of("order", BAD_ORDER, "count", "many")));

        assertThat(problem).isEqualTo(String.join("\n", "order.a: " + INT.formatted("wrong"),
                "order.item.qty: " + INT.formatted("x"), "order.items[1].qty: " + INT.formatted("y"),
                "count: " + INT.formatted("many")));
    }

    @Test
    void validationErrorsStillNameTheirField() {
        Agent<Void, String> agent = Agent.builder().name("v").model(model)
                .tool("add", "add", Pair.class, (ctx, p) -> p.a() + p.b()).build();

        assertThat(retryAfter(agent, ToolCallPart.of("add", Map.of("a", 1, "b", 0))))
                .isEqualTo("b: must be greater than or equal to 1");
    }
}

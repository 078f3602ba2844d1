package dev.steadfast.testing.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.agent.ModelRetry;
import dev.steadfast.agent.Param;
import dev.steadfast.agent.RunContext;
import dev.steadfast.agent.Tool;
import dev.steadfast.error.UnexpectedModelBehavior;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.RetryPromptPart;
import dev.steadfast.message.SystemPromptPart;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.model.ToolDefinition;
import dev.steadfast.testing.RecordedRequest;
import dev.steadfast.testing.ScriptedModel;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AgentToolsTest {
    record Db(Map<String, Integer> stock) {}

    static class ShopTools {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Tool("Look up how many items of a product are in stock")
        int stock(@Param("the product's name") String product, RunContext<Db> ctx) {
            calls.add(product + "@" + ctx.toolCallId());
            Integer n = ctx.deps().stock().get(product);
            if (n == null) {
                throw new ModelRetry("Unknown product '" + product + "'; known: " + ctx.deps().stock().keySet());
            }
            return n;
        }

        @Tool("Reserve items")
        String reserve(String product, @Min(1) int count) {
            calls.add("reserve " + product + " x" + count);
            return "reserved " + count + " " + product;
        }
    }

    private final ScriptedModel model = new ScriptedModel();
    private final ShopTools tools = new ShopTools();
    private final Agent<Db, String> agent = Agent.builder().name("shop").model(model).instructions("You run a shop.")
            .deps(Db.class).tools(tools).build();
    private final Db db = new Db(Map.of("apple", 3, "pear", 0));

    @Test
    void toolReceivesDepsAndTheModelReceivesItsResult() {
        model.enqueue(ToolCallPart.of("stock", "call-1", Map.of("product", "apple")));
        model.enqueueText("We have 3 apples.");

        AgentResult<String> result = agent.run("How many apples?", db);

        assertThat(result.output()).isEqualTo("We have 3 apples.");
        assertThat(tools.calls).containsExactly("apple@call-1");
        RecordedRequest first = model.takeRequest();
        assertThat(first.lastRequest().parts()).first().isEqualTo(new SystemPromptPart("You run a shop."));
        assertThat(first.lastUserPrompt()).isEqualTo("How many apples?");
        assertThat(first.toolNames()).containsExactly("reserve", "stock");
        RecordedRequest second = model.takeRequest();
        assertThat(second.toolReturns()).singleElement().satisfies(r -> {
            assertThat(r.toolCallId()).isEqualTo("call-1");
            assertThat(r.contentAsText()).isEqualTo("3");
        });
    }

    @Test
    void toolSchemaComesFromTheJavaSignature() {
        model.enqueueText("ok");
        agent.run("hi", db);
        List<ToolDefinition> defs = model.takeRequest().parameters().functionTools();
        ToolDefinition stock = defs.get(1);
        assertThat(stock.name()).isEqualTo("stock");
        assertThat(stock.description()).isEqualTo("Look up how many items of a product are in stock");
        assertThat(stock.parametersSchema().path("properties").path("product").path("type").asText()).isEqualTo("string");
        assertThat(stock.parametersSchema().path("properties").path("product").path("description").asText())
                .isEqualTo("the product's name");
        assertThat(stock.parametersSchema().path("properties").has("ctx")).isFalse();
        assertThat(stock.parametersSchema().path("required").toString()).isEqualTo("[\"product\"]");
        ToolDefinition reserve = defs.get(0);
        assertThat(reserve.parametersSchema().path("properties").path("count").path("minimum").asInt()).isEqualTo(1);
    }

    @Test
    void modelRetryFromAToolBecomesARetryPrompt() {
        model.enqueue(ToolCallPart.of("stock", "c1", Map.of("product", "kiwi")));
        model.enqueue(ToolCallPart.of("stock", "c2", Map.of("product", "apple")));
        model.enqueueText("3 apples");

        assertThat(agent.run("kiwis?", db).output()).isEqualTo("3 apples");

        model.takeRequest();
        RetryPromptPart retry = model.takeRequest().retryPrompts().get(0);
        assertThat(retry.toolName()).isEqualTo("stock");
        assertThat(retry.toolCallId()).isEqualTo("c1");
        assertThat(retry.content()).isEqualTo("Unknown product 'kiwi'; known: " + db.stock().keySet());
        assertThat(model.takeRequest().toolReturns()).extracting(ToolReturnPart::contentAsText).containsExactly("3");
    }

    @Test
    void invalidArgumentsAreSentBackWithoutCallingTheTool() {
        model.enqueue(ToolCallPart.of("reserve", "c1", Map.of("product", "apple", "count", 0)));
        model.enqueue(ToolCallPart.of("reserve", "c2", "{not json"));
        model.enqueueText("gave up");
        Agent<Db, String> patient = Agent.builder().name("shop").model(model).deps(Db.class).tools(tools).retries(2).build();

        patient.run("reserve", db);

        assertThat(tools.calls).isEmpty();
        model.takeRequest();
        assertThat(model.takeRequest().retryPrompts()).singleElement()
                .satisfies(r -> assertThat(r.content()).isEqualTo("count: must be greater than or equal to 1"));
        assertThat(model.takeRequest().retryPrompts()).singleElement()
                .satisfies(r -> assertThat(r.content()).startsWith("The arguments are not valid JSON: {not json"));
    }

    @Test
    void retryBudgetExhaustedFailsTheRun() {
        model.enqueue(ToolCallPart.of("stock", Map.of("product", "kiwi")));
        model.enqueue(ToolCallPart.of("stock", Map.of("product", "kiwi")));

        assertThatThrownBy(() -> agent.run("kiwis?", db))
                .isInstanceOf(UnexpectedModelBehavior.class)
                .hasMessage("Tool 'stock' exceeded its retry limit of 1 in agent 'shop'; last problem: Unknown product 'kiwi'; known: "
                        + db.stock().keySet());
    }

    @Test
    void unknownToolGetsARetryPromptListingTheTools() {
        model.enqueue(ToolCallPart.of("sell", "c1", Map.of()));
        model.enqueueText("sorry");

        agent.run("sell", db);

        model.takeRequest();
        assertThat(model.takeRequest().retryPrompts()).singleElement()
                .satisfies(r -> assertThat(r.content()).isEqualTo("Unknown tool name: 'sell'. Available tools: reserve, stock"));
    }

    @Test
    void parallelCallsReturnInCallOrder() {
        model.enqueue(ModelResponse.of(
                ToolCallPart.of("stock", "a", Map.of("product", "pear")),
                ToolCallPart.of("reserve", "b", Map.of("product", "apple", "count", 2)),
                ToolCallPart.of("stock", "c", Map.of("product", "apple"))));
        model.enqueueText("done");

        AgentResult<String> r = agent.run("go", db);

        model.takeRequest();
        assertThat(model.takeRequest().toolReturns()).extracting(ToolReturnPart::toolCallId, ToolReturnPart::contentAsText)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "0"),
                        org.assertj.core.groups.Tuple.tuple("b", "reserved 2 apple"),
                        org.assertj.core.groups.Tuple.tuple("c", "3"));
        assertThat(r.usage().toolCalls()).isEqualTo(3);
    }

    @Test
    void programmaticToolsWork() {
        record Add(int a, int b) {}
        Agent<Void, String> calc = Agent.builder().name("calc").model(model)
                .tool("add", "Add two numbers", Add.class, (ctx, args) -> args.a() + args.b()).build();
        model.enqueue(ToolCallPart.of("add", "x", Map.of("a", 2, "b", 40)));
        model.enqueueText("42");

        calc.run("2+40");

        model.takeRequest();
        assertThat(model.takeRequest().toolReturns()).extracting(ToolReturnPart::contentAsText).containsExactly("42");
    }

    @Test
    void aProgrammaticToolWithoutArgumentsIsOfferedAsAnEmptyObject() {
        record NoArgs() {}
        Agent<Void, String> clock = Agent.builder().name("clock").model(model)
                .tool("now", "The time", NoArgs.class, (ctx, args) -> "noon").build();
        model.enqueue(ToolCallPart.of("now", "t", Map.of()));
        model.enqueueText("It is noon.");

        clock.run("time?");

        ToolDefinition now = model.takeRequest().parameters().functionTools().getFirst();
        assertThat(now.parametersSchema().toString())
                .isEqualTo("{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{},\"required\":[]}");
        assertThat(model.takeRequest().toolReturns()).extracting(ToolReturnPart::contentAsText).containsExactly("noon");
    }

    @Test
    void messagesHoldTheWholeConversation() {
        model.enqueue(ToolCallPart.of("stock", "c1", Map.of("product", "apple")));
        model.enqueueText("3");
        AgentResult<String> r = agent.run("apples?", db);
        assertThat(r.messages()).hasSize(4);
        assertThat(r.messages().get(2)).isInstanceOf(ModelRequest.class);
        assertThat(((ModelResponse) r.messages().get(3)).parts()).containsExactly(TextPart.of("3"));
        assertThat(r.newMessages()).isEqualTo(r.messages());
    }
}

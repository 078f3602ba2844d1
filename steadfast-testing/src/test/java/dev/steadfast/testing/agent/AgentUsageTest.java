package dev.steadfast.testing.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.agent.RunOptions;
import dev.steadfast.agent.Tool;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.ResponsePart;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.testing.ScriptedModel;
import dev.steadfast.usage.Pricing;
import dev.steadfast.usage.Usage;
import dev.steadfast.usage.UsageLimitExceeded;
import dev.steadfast.usage.UsageLimits;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentUsageTest {
    static class Echo {
        int calls;

        @Tool("Echo a word")
        String echo(String word) {
            calls++;
            return word;
        }
    }

    private final ScriptedModel model = new ScriptedModel("gpt-4.1");
    private final Echo echo = new Echo();

    private static ModelResponse reply(long in, long out, ResponsePart... parts) {
        return new ModelResponse(List.of(parts), new Usage(1, in, out, 0, 0, 0, 0), "gpt-4.1", null);
    }

    private Agent<Void, String> agent(UsageLimits limits) {
        return Agent.builder().name("u").model(model).tools(echo).usageLimits(limits).build();
    }

    private void scriptThreeTurns() {
        model.enqueue(reply(100, 10, ToolCallPart.of("echo", Map.of("word", "a"))));
        model.enqueue(reply(200, 20, ToolCallPart.of("echo", Map.of("word", "b")), ToolCallPart.of("echo", Map.of("word", "c"))));
        model.enqueue(reply(300, 30, TextPart.of("done")));
    }

    @Test
    void usageIsSummedOverTheRun() {
        scriptThreeTurns();
        AgentResult<String> r = agent(UsageLimits.NONE).run("go");
        assertThat(r.usage()).isEqualTo(new Usage(3, 600, 60, 0, 0, 0, 3));
        assertThat(r.usage().totalTokens()).isEqualTo(660);
    }

    @Test
    void costComesFromPricing() {
        scriptThreeTurns();
        // gpt-4.1: $2.00 in, $8.00 out per million tokens
        assertThat(agent(UsageLimits.NONE).run("go").cost()).isEqualByComparingTo("0.00168");
    }

    @Test
    void costUsesCachePricesAndOverrides() {
        Pricing p = Pricing.none().with("m", Pricing.Price.of("1.00", "2.00", "0.10", "1.50"));
        Usage u = new Usage(1, 1_000_000, 1_000_000, 400_000, 100_000, 0, 0);
        // 500k uncached × 1.00 + 400k × 0.10 + 100k × 1.50 + 1M × 2.00
        assertThat(p.cost("m-2025", u)).isEqualByComparingTo("2.69");
        assertThat(p.cost("unknown", u)).isEqualByComparingTo("0");
        assertThat(Pricing.defaults().cost("gpt-4.1-mini-2025-04-14", Usage.ofTokens(1_000_000, 0))).isEqualByComparingTo("0.40");
    }

    @Test
    void requestLimitStopsBeforeTheRequest() {
        scriptThreeTurns();
        assertThatThrownBy(() -> agent(UsageLimits.builder().requestLimit(2).build()).run("go"))
                .isInstanceOf(UsageLimitExceeded.class).hasMessage("The next request would exceed the request limit of 2");
        assertThat(model.requestCount()).isEqualTo(2);
    }

    @Test
    void toolCallLimitStopsBeforeTheCalls() {
        scriptThreeTurns();
        assertThatThrownBy(() -> agent(UsageLimits.builder().toolCallsLimit(2).build()).run("go"))
                .isInstanceOf(UsageLimitExceeded.class)
                .hasMessage("The next 2 tool calls would exceed the tool call limit of 2 (1 made)");
        assertThat(echo.calls).isEqualTo(1);
    }

    @Test
    void tokenLimitsStopTheRunBeforeTheNextRequest() {
        scriptThreeTurns();
        assertThatThrownBy(() -> agent(UsageLimits.builder().inputTokensLimit(250).build()).run("go"))
                .isInstanceOf(UsageLimitExceeded.class).hasMessage("Exceeded the input_tokens limit of 250 (input_tokens=300)");
        assertThat(model.requestCount()).isEqualTo(2);
    }

    @Test
    void outputAndTotalTokenLimits() {
        scriptThreeTurns();
        assertThatThrownBy(() -> agent(UsageLimits.builder().outputTokensLimit(15).build()).run("go"))
                .hasMessage("Exceeded the output_tokens limit of 15 (output_tokens=30)");
        ScriptedModel fresh = new ScriptedModel("gpt-4.1").enqueue(reply(100, 10, TextPart.of("x")));
        assertThatThrownBy(() -> Agent.builder().name("u").model(fresh)
                .usageLimits(UsageLimits.builder().totalTokensLimit(100).build()).build().run("go"))
                .hasMessage("Exceeded the total_tokens limit of 100 (total_tokens=110)");
    }

    @Test
    void costLimit() {
        scriptThreeTurns();
        assertThatThrownBy(() -> agent(UsageLimits.builder().costLimit(new BigDecimal("0.0005")).build()).run("go"))
                .isInstanceOf(UsageLimitExceeded.class)
                .hasMessage("Exceeded the cost limit of $0.0005 (cost $0.00084)");
    }

    @Test
    void limitsGivenToARunOverrideTheAgents() {
        scriptThreeTurns();
        Agent<Void, String> a = agent(UsageLimits.builder().requestLimit(1).build());
        AgentResult<String> r = a.run("go", RunOptions.<Void>builder().usageLimits(UsageLimits.NONE).build());
        assertThat(r.output()).isEqualTo("done");
    }

    @Test
    void responsesWithoutUsageStillCountRequests() {
        model.enqueueText("hi");
        assertThat(agent(UsageLimits.NONE).run("go").usage().requests()).isEqualTo(1);
    }
}

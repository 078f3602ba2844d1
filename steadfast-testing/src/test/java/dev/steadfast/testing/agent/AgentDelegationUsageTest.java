package dev.steadfast.testing.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.usage.Usage;
import dev.steadfast.usage.UsageLimitExceeded;
import dev.steadfast.usage.UsageLimits;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Usage of a sub-agent run inside a tool is the calling run's: in its totals and against its limits. */
class AgentDelegationUsageTest {
    record Task(String what) {}

    private final AtomicInteger subRequests = new AtomicInteger();

    private static int responses(List<Message> messages) {
        return (int) messages.stream().filter(ModelResponse.class::isInstance).count();
    }

    /** A sub-agent that asks its tool {@code rounds} times, then answers; each request costs 1000 in, 100 out. */
    private Agent<Void, String> helper(int rounds) {
        return Agent.builder().name("helper")
                .model(new FunctionModel("gpt-4.1", (m, p) -> {
                    subRequests.incrementAndGet();
                    ModelResponse r = responses(m) < rounds ? ModelResponse.of(ToolCallPart.of("look", Map.of("what", "x")))
                            : ModelResponse.of(TextPart.of("helped"));
                    return r.withUsage(Usage.ofTokens(1000, 100));
                }))
                .tool("look", "look", Task.class, (ctx, t) -> "seen").build();
    }

    private Agent<Void, String> boss(Agent<Void, String> helper, UsageLimits limits) {
        return Agent.builder().name("boss").usageLimits(limits)
                .model(new FunctionModel("gpt-4.1", (m, p) -> (responses(m) == 0
                        ? ModelResponse.of(ToolCallPart.of("delegate", Map.of("what", "work")))
                        : ModelResponse.of(TextPart.of("done"))).withUsage(Usage.ofTokens(1000, 100))))
                .tool("delegate", "Ask the helper", Task.class, (ctx, t) -> helper.run(t.what()).output()).build();
    }

    @Test
    void aSubAgentsUsageIsAddedToTheCallingRun() {
        AgentResult<String> r = boss(helper(2), UsageLimits.NONE).run("go");

        // boss: 2 requests, 1 tool call; helper: 3 requests, 2 tool calls
        assertThat(r.usage()).isEqualTo(new Usage(5, 5000, 500, 0, 0, 0, 3));
        assertThat(r.cost()).isEqualByComparingTo("0.014"); // 5 × (1000 × $2 + 100 × $8) per million
    }

    @Test
    void aSubAgentCannotPassTheCallingRunsCostLimit() {
        // the boss's first request costs 0.0028; the helper may spend what is left: one request, not a second
        Agent<Void, String> boss = boss(helper(10), UsageLimits.builder().costLimit(new BigDecimal("0.006")).build());

        assertThatThrownBy(() -> boss.run("go")).isInstanceOf(UsageLimitExceeded.class)
                .hasMessage("Exceeded the cost limit of $0.006 (cost $0.0084)");
        assertThat(subRequests).hasValue(2);
    }

    @Test
    void aSubAgentsRequestsCountAgainstTheCallingRunsRequestLimit() {
        Agent<Void, String> boss = boss(helper(10), UsageLimits.builder().requestLimit(4).build());

        assertThatThrownBy(() -> boss.run("go")).isInstanceOf(UsageLimitExceeded.class)
                .hasMessage("The next request would exceed the request limit of 4");
        assertThat(subRequests).hasValue(3);
    }
}

package dev.steadfast.testing.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.agent.AgentStream;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.model.ModelHttpException;
import dev.steadfast.model.ToolDefinition;
import dev.steadfast.stream.AgentEvent;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.usage.Usage;
import dev.steadfast.usage.UsageLimitExceeded;
import dev.steadfast.usage.UsageLimits;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** An agent offered to another as a tool, in plain runs: typed input and output, usage, limits, deps, failure. */
class DelegateToolTest {
    record Findings(String topic, List<String> facts) {}

    record Db(String name) {}

    private final AtomicInteger delegateRequests = new AtomicInteger();
    private final AtomicReference<List<ToolDefinition>> offered = new AtomicReference<>();
    private final AtomicReference<ToolReturnPart> returned = new AtomicReference<>();

    private static String prompt(List<Message> messages) {
        return ((dev.steadfast.message.UserPromptPart)
                        ((ModelRequest) messages.getFirst()).parts().getLast())
                .content();
    }

    /**
     * A researcher with a typed output; {@code loop} makes it call its tool forever, {@code fail} refuses,
     * {@code stumble} calls its tool once, then refuses.
     */
    private Agent<Db, Findings> researcher() {
        return Agent.builder()
                .name("researcher")
                .deps(Db.class)
                .output(Findings.class)
                .model(new FunctionModel("gpt-4.1", (m, p) -> {
                    delegateRequests.incrementAndGet();
                    String prompt = prompt(m);
                    if (prompt.contains("fail")) {
                        throw new ModelHttpException(400, "refused", "{}");
                    }
                    if (prompt.contains("stumble") && m.size() > 1) {
                        throw new ModelHttpException(400, "refused to go on", "{}"); // after its tool call
                    }
                    ModelResponse r = prompt.contains("loop") || prompt.contains("stumble")
                            ? ModelResponse.of(ToolCallPart.of("look", Map.of()))
                            : ModelResponse.of(
                                    ToolCallPart.of("final_result", Map.of("topic", prompt, "facts", List.of("f1"))));
                    return r.withUsage(Usage.ofTokens(1000, 100));
                }))
                .tool(
                        "look",
                        "look",
                        Empty.class,
                        (ctx, e) -> "seen in " + ctx.deps().name())
                .usageLimits(UsageLimits.NONE)
                .build();
    }

    record Empty() {}

    private Agent<Db, String> planner(Agent<Db, Findings> researcher, UsageLimits limits) {
        return Agent.builder()
                .name("planner")
                .deps(Db.class)
                .usageLimits(limits)
                .model(new FunctionModel("gpt-4.1", (m, p) -> {
                    offered.set(p.functionTools());
                    var returns = m.stream()
                            .filter(ModelRequest.class::isInstance)
                            .flatMap(x -> ((ModelRequest) x).parts().stream())
                            .filter(ToolReturnPart.class::isInstance)
                            .map(ToolReturnPart.class::cast)
                            .toList();
                    if (returns.isEmpty()) {
                        return ModelResponse.of(ToolCallPart.of("research", Map.of("prompt", prompt(m))))
                                .withUsage(Usage.ofTokens(1000, 100));
                    }
                    returned.set(returns.getLast());
                    return ModelResponse.of(TextPart.of("ok")).withUsage(Usage.ofTokens(1000, 100));
                }))
                .delegate(researcher, "research", "Research a topic")
                .build();
    }

    @Test
    void theDelegatesTypedOutputIsTheToolResultAndItsUsageIsTheCallers() {
        AgentResult<String> r = planner(researcher(), UsageLimits.NONE).run("raft", new Db("main"));

        assertThat(r.output()).isEqualTo("ok");
        ToolDefinition tool = offered.get().getFirst();
        assertThat(tool.name()).isEqualTo("research");
        assertThat(tool.description()).isEqualTo("Research a topic");
        assertThat(tool.parametersSchema().path("required").toString()).contains("prompt");
        JsonNode content = returned.get().content();
        assertThat(content.path("topic").asText()).isEqualTo("raft");
        assertThat(content.path("facts").get(0).asText()).isEqualTo("f1");
        assertThat(r.usage().requests()).isEqualTo(3); // the planner's two and the delegate's one
        assertThat(r.usage().inputTokens()).isEqualTo(3000);
    }

    @Test
    void aLimitOnTheCallerStopsARunawayDelegateAndDepsAreSharedByDefault() {
        assertThatThrownBy(() -> planner(
                                researcher(),
                                UsageLimits.builder().requestLimit(3).build())
                        .run("loop", new Db("main")))
                .isInstanceOf(UsageLimitExceeded.class)
                .hasMessageContaining("request limit of 3");
        assertThat(delegateRequests).hasValue(2);
    }

    @Test
    void aDelegateThatFailsIsAFailedToolCallTheModelSees() {
        AgentResult<String> r = planner(researcher(), UsageLimits.NONE).run("fail", new Db("main"));

        assertThat(r.output()).isEqualTo("ok");
        assertThat(returned.get().outcome()).isEqualTo(ToolReturnPart.Outcome.FAILED);
        assertThat(returned.get().contentAsText()).contains("Agent tool 'research' failed", "refused");
    }

    @Test
    void aDelegateThatFailsAfterUsingTokensCountsInTheCallersUsageAndLimits() {
        AgentResult<String> r = planner(researcher(), UsageLimits.NONE).run("stumble", new Db("main"));

        assertThat(returned.get().outcome()).isEqualTo(ToolReturnPart.Outcome.FAILED);
        assertThat(returned.get().contentAsText()).contains("Agent tool 'research' failed", "refused to go on");
        assertThat(r.usage().requests()).isEqualTo(3); // the planner's two and the delegate's one that answered
        assertThat(r.usage().inputTokens()).isEqualTo(3000);
        assertThat(r.usage().toolCalls()).isEqualTo(1); // the delegate's own; the failed call does not count

        delegateRequests.set(0);
        assertThatThrownBy(() -> planner(
                                researcher(),
                                UsageLimits.builder().totalTokensLimit(2500).build())
                        .run("stumble", new Db("main")))
                .isInstanceOf(UsageLimitExceeded.class)
                .hasMessageContaining("total_tokens limit of 2500");
        assertThat(delegateRequests).hasValue(2);
    }

    @Test
    void aDelegateMayGetDepsOfItsOwn() {
        var seen = new AtomicReference<String>();
        Agent<Db, String> reader = Agent.builder()
                .name("reader")
                .deps(Db.class)
                .model(new FunctionModel((m, p) -> m.size() == 1
                        ? ModelResponse.of(ToolCallPart.of("look", Map.of()))
                        : ModelResponse.of(TextPart.of("read"))))
                .tool("look", "look", Empty.class, (ctx, e) -> {
                    seen.set(ctx.deps().name());
                    return "x";
                })
                .build();
        Agent<Void, String> boss = Agent.builder()
                .name("boss")
                .model(new FunctionModel((m, p) -> m.size() == 1
                        ? ModelResponse.of(ToolCallPart.of("read", Map.of("prompt", "go")))
                        : ModelResponse.of(TextPart.of("done"))))
                .delegate(reader, "read", "Read", (Void none) -> new Db("replica"))
                .build();

        assertThat(boss.run("start").output()).isEqualTo("done");
        assertThat(seen).hasValue("replica");
    }

    @Test
    void aHandoffInAPlainRunLetsTheTargetFinishTheConversationUnderTheCallersLimits() {
        var targetRequests = new AtomicInteger();
        Agent<Void, String> target = Agent.builder()
                .name("target")
                .model(new FunctionModel((m, p) -> {
                    targetRequests.incrementAndGet();
                    return ModelResponse.of(TextPart.of("answered after " + m.size() + " messages"));
                }))
                .build();
        Agent<Void, String> front = Agent.builder()
                .name("front")
                .usageLimits(UsageLimits.builder().requestLimit(1).build())
                .model(new FunctionModel(
                        (m, p) -> ModelResponse.of(ToolCallPart.of("hand_over", Map.of("reason", "x")))))
                .handoff(target, "hand_over", "Hand the conversation over")
                .build();

        // the front's one request is its limit: the target may not make another
        assertThatThrownBy(() -> front.run("hello")).isInstanceOf(UsageLimitExceeded.class);
        assertThat(targetRequests).hasValue(0);

        Agent<Void, String> roomy = Agent.builder()
                .name("front")
                .model(new FunctionModel(
                        (m, p) -> ModelResponse.of(ToolCallPart.of("hand_over", Map.of("reason", "x")))))
                .handoff(target, "hand_over", "Hand the conversation over")
                .build();
        AgentResult<String> r = roomy.run("hello");
        assertThat(r.output()).isEqualTo("answered after 3 messages"); // prompt, handoff call, its return
        assertThat(r.usage().requests()).isEqualTo(2);
        assertThat(r.newMessages()).hasSize(4);
    }

    @Test
    void aStreamedRunStreamsTheAnswerOfTheAgentItHandedOffTo() {
        Agent<Void, String> target = Agent.builder()
                .name("target")
                .model(new FunctionModel((m, p) -> ModelResponse.of(TextPart.of("the specialist's answer"))))
                .build();
        Agent<Void, String> front = Agent.builder()
                .name("front")
                .model(new FunctionModel(
                        (m, p) -> ModelResponse.of(ToolCallPart.of("hand_over", Map.of("reason", "x")))))
                .handoff(target, "hand_over", "Hand the conversation over")
                .build();

        var text = new StringBuilder();
        Object output = null;
        try (AgentStream<String> stream = front.runStream("hello")) {
            for (AgentEvent e : stream) {
                if (e instanceof AgentEvent.TextDelta d) {
                    text.append(d.text());
                } else if (e instanceof AgentEvent.FinalResult f) {
                    output = f.output();
                }
            }
        }
        assertThat(text).hasToString("the specialist's answer"); // before, the stream went quiet at the handoff
        assertThat(output).isEqualTo("the specialist's answer");
    }

    @Test
    void aHandoffToAnAgentOfAnotherOutputTypeIsRefusedWhenBuilt() {
        Agent<Void, String> target = Agent.builder()
                .name("target")
                .model(new FunctionModel((m, p) -> null))
                .build();
        assertThatThrownBy(() -> Agent.builder()
                        .name("front")
                        .model(new FunctionModel((m, p) -> null))
                        .handoff(target, "go", "go")
                        .output(Findings.class)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hands off to agent 'target'")
                .hasMessageContaining("call handoff(..) after");
    }
}

package dev.steadfast.testing.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.agent.ApprovalHandler;
import dev.steadfast.agent.RunOptions;
import dev.steadfast.agent.Tool;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.RequestPart;
import dev.steadfast.message.RetryPromptPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.run.ApprovalDecision;
import dev.steadfast.testing.ScriptedModel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Calls answered from outside the run: approvals (with changed arguments, or denied) and external tools. */
class AgentDeferredCallsTest {
    record Mail(String to) {}

    record Quote(String currency) {}

    record Report(String title) {}

    private final ScriptedModel model = new ScriptedModel();
    private final List<String> events = new CopyOnWriteArrayList<>();

    private Agent.Builder<Void, String> builder() {
        return Agent.builder().name("ops").model(model)
                .toolRequiringApproval("email", "Send an e-mail", Mail.class, (ctx, m) -> {
                    events.add("sent " + m.to());
                    return "sent to " + m.to();
                })
                .tool("lookup", "Look something up", Mail.class, (ctx, m) -> {
                    events.add("looked up " + m.to());
                    return "found " + m.to();
                })
                .externalTool("rate", "Today's exchange rate", Quote.class);
    }

    private RunOptions<Void> deciding(ApprovalHandler<Void> handler) {
        return RunOptions.<Void>builder().approvalHandler(handler).build();
    }

    private List<String> answers() {
        model.takeRequest();
        return model.takeRequest().lastRequest().parts().stream().map(AgentDeferredCallsTest::describe).toList();
    }

    private static String describe(RequestPart p) {
        return switch (p) {
            case ToolReturnPart t -> t.toolCallId() + (t.outcome() == null ? "" : " " + t.outcome()) + ": " + t.contentAsText();
            case RetryPromptPart r -> r.toolCallId() + " retry: " + r.content();
            default -> p.toString();
        };
    }

    @Test
    void callsThatNeedNoApprovalRunFirstThenEveryDeferredCallIsAskedFor() {
        model.enqueue(ModelResponse.of(ToolCallPart.of("email", "e1", Map.of("to", "ana")),
                ToolCallPart.of("lookup", "l1", Map.of("to", "bob")),
                ToolCallPart.of("email", "e2", Map.of("to", "cy"))));
        model.enqueueText("done");

        builder().build().run("go", deciding((call, ctx) -> {
            events.add("asked " + call.toolCallId());
            return ApprovalDecision.approve();
        }));

        // Approved calls run concurrently, like the calls of one response: their order between them is not promised.
        assertThat(events.subList(0, 3)).containsExactly("looked up bob", "asked e1", "asked e2");
        assertThat(events.subList(3, events.size())).containsExactlyInAnyOrder("sent ana", "sent cy");
        assertThat(answers()).containsExactly("e1: sent to ana", "l1: found bob", "e2: sent to cy");
    }

    @Test
    void anApprovalMayChangeTheArgumentsOrDenyWithAMessage() {
        model.enqueue(ModelResponse.of(ToolCallPart.of("email", "e1", Map.of("to", "customer")),
                ToolCallPart.of("email", "e2", Map.of("to", "boss"))));
        model.enqueueText("done");

        builder().build().run("go", deciding((call, ctx) -> call.toolCallId().equals("e1")
                ? ApprovalDecision.approveWith(Map.of("to", "team"))
                : ApprovalDecision.deny("not to the boss")));

        assertThat(events).containsExactly("sent team");
        assertThat(answers()).containsExactly("e1: sent to team", "e2 DENIED: The tool call was denied: not to the boss");
    }

    @Test
    void changedArgumentsThatDoNotValidateAreARetryPrompt() {
        model.enqueue(ToolCallPart.of("email", "e1", Map.of("to", "ana")));
        model.enqueueText("done");

        builder().build().run("go", deciding((call, ctx) -> ApprovalDecision.approveWith(Map.of("to", List.of()))));

        assertThat(events).isEmpty();
        assertThat(answers()).singleElement().asString().startsWith("e1 retry: to: Cannot deserialize value of type `java.lang.String`");
    }

    @Test
    void anExternalToolsResultComesFromOutsideTheRun() {
        model.enqueue(ToolCallPart.of("rate", "r1", Map.of("currency", "EUR")));
        model.enqueueText("1.08");

        AgentResult<String> r = builder().build().run("go", deciding((call, ctx) -> {
            events.add("asked " + call.toolName() + " " + call.args().path("currency").asText());
            return ApprovalDecision.result(Map.of("rate", 1.08));
        }));

        assertThat(events).containsExactly("asked rate EUR");
        assertThat(answers()).containsExactly("r1: {\"rate\":1.08}");
        assertThat(r.usage().toolCalls()).isEqualTo(1);
    }

    @Test
    void anExternalCallMayFailAndWithoutAHandlerItFails() {
        model.enqueue(ToolCallPart.of("rate", "r1", Map.of("currency", "EUR")));
        model.enqueueText("sorry");
        builder().build().run("go", deciding((call, ctx) -> ApprovalDecision.failed("The market is closed.")));
        assertThat(answers()).containsExactly("r1 FAILED: The market is closed.");

        model.enqueue(ToolCallPart.of("rate", "r2", Map.of("currency", "EUR")));
        model.enqueueText("sorry");
        builder().build().run("go");
        assertThat(answers()).containsExactly("r2 FAILED: Tool 'rate' is answered from outside the run and this run "
                + "has no approval handler to answer it.");
    }

    @Test
    void deferredCallsAreNotAskedForWhenTheOutputEndsTheRun() {
        Agent<Void, Report> agent = Agent.builder().name("ops").model(model).output(Report.class)
                .externalTool("rate", "Today's exchange rate", Quote.class).build();
        model.enqueue(ModelResponse.of(ToolCallPart.of("rate", "r1", Map.of("currency", "EUR")),
                ToolCallPart.of("final_result", "f1", Map.of("title", "T"))));

        AgentResult<Report> r = agent.run("go", RunOptions.<Void>builder().approvalHandler((call, ctx) -> {
            throw new AssertionError("not asked");
        }).build());

        assertThat(r.output()).isEqualTo(new Report("T"));
        assertThat(r.messages().getLast().parts()).extracting(p -> describe((RequestPart) p)).containsExactly(
                "r1: Tool not executed - a final result was already processed.", "f1: Final result processed.");
    }

    @Test
    void deferredCallsWithBadArgumentsAreARetryPromptAndAreNotAskedFor() {
        model.enqueue(ToolCallPart.of("email", "e1", Map.of("address", "ana")));
        model.enqueueText("done");

        builder().build().run("go", deciding((call, ctx) -> {
            throw new AssertionError("not asked");
        }));

        assertThat(answers()).containsExactly("e1 retry: to: field required");
    }
}

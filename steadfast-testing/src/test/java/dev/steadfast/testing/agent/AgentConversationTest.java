package dev.steadfast.testing.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.agent.RunOptions;
import dev.steadfast.agent.Tool;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.SystemPromptPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.message.UserPromptPart;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.run.ApprovalDecision;
import dev.steadfast.testing.RecordedRequest;
import dev.steadfast.testing.ScriptedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConversationTest {
    static class Mailer {
        final List<String> sent = new ArrayList<>();

        @Tool(value = "Send an e-mail", requiresApproval = true)
        String email(String to, String body) {
            sent.add(to);
            return "sent to " + to;
        }
    }

    private final ScriptedModel model = new ScriptedModel();
    private final Mailer mailer = new Mailer();
    private final Agent<Void, String> agent = Agent.builder().name("mail").model(model).instructions("Be polite.")
            .tools(mailer).build();

    private String toolReturnOfSecondRequest() {
        model.takeRequest();
        return model.takeRequest().toolReturns().get(0).contentAsText();
    }

    @Test
    void approvedCallsRun() {
        model.enqueue(ToolCallPart.of("email", "e1", Map.of("to", "ana@example.com", "body", "hi")));
        model.enqueueText("sent");
        var seen = new ArrayList<String>();

        agent.run("mail Ana", RunOptions.<Void>builder().approvalHandler((call, ctx) -> {
            seen.add(call.toolName() + ":" + call.args().path("to").asText() + ":" + ctx.toolCallId());
            return ApprovalDecision.approve();
        }).build());

        assertThat(seen).containsExactly("email:ana@example.com:e1");
        assertThat(mailer.sent).containsExactly("ana@example.com");
        assertThat(toolReturnOfSecondRequest()).isEqualTo("sent to ana@example.com");
    }

    @Test
    void deniedCallsTellTheModelWhy() {
        model.enqueue(ToolCallPart.of("email", Map.of("to", "boss@example.com", "body", "I quit")));
        model.enqueueText("ok, not sent");

        agent.run("mail", RunOptions.<Void>builder().approvalHandler((call, ctx) -> ApprovalDecision.deny("not today")).build());

        assertThat(mailer.sent).isEmpty();
        assertThat(toolReturnOfSecondRequest()).isEqualTo("The tool call was denied: not today");
    }

    @Test
    void withoutAHandlerApprovalToolsAreDenied() {
        model.enqueue(ToolCallPart.of("email", Map.of("to", "x@example.com", "body", "b")));
        model.enqueueText("not sent");

        agent.run("mail");

        assertThat(mailer.sent).isEmpty();
        assertThat(toolReturnOfSecondRequest())
                .isEqualTo("The tool call was denied: Tool 'email' requires approval and this run has no approval handler.");
    }

    @Test
    void messageHistoryContinuesAConversation() {
        model.enqueueText("Hello Ana!");
        AgentResult<String> first = agent.run("I am Ana");
        model.enqueueText("Your name is Ana.");

        AgentResult<String> second = agent.run("What is my name?",
                RunOptions.<Void>builder().messageHistory(first.messages()).build());

        model.takeRequest();
        RecordedRequest req = model.takeRequest();
        assertThat(req.messages()).hasSize(3);
        // the instructions go with every request, at the head of the first message, and are never stored
        assertThat(req.messages().get(0)).isEqualTo(ModelRequest.of(new SystemPromptPart("Be polite."),
                new UserPromptPart("I am Ana")));
        assertThat(first.messages().get(0)).isEqualTo(ModelRequest.user("I am Ana"));
        assertThat(req.messages().get(1)).isEqualTo(first.messages().get(1));
        assertThat(req.lastRequest()).isEqualTo(new ModelRequest(List.of(new UserPromptPart("What is my name?"))));
        assertThat(second.messages()).hasSize(4);
        assertThat(second.newMessages()).hasSize(2);
    }

    @Test
    void runSettingsOverrideAgentSettings() {
        Agent<Void, String> a = Agent.builder().name("s").model(model)
                .modelSettings(ModelSettings.builder().temperature(0.2).maxTokens(100).build()).build();
        model.enqueueText("x");
        a.run("go", RunOptions.<Void>builder().modelSettings(ModelSettings.builder().maxTokens(5).build()).build());
        ModelSettings sent = model.takeRequest().settings();
        assertThat(sent.temperature()).isEqualTo(0.2);
        assertThat(sent.maxTokens()).isEqualTo(5);
    }

    @Test
    void toolsSeeAStableIdempotencyKeyAndRunId() {
        var keys = new ArrayList<String>();
        record Q(String q) {}
        Agent<Void, String> a = Agent.builder().name("k").model(model)
                .tool("look", "look", Q.class, (ctx, q) -> {
                    keys.add(ctx.runId() + "|" + ctx.idempotencyKey());
                    return "ok";
                }).build();
        model.enqueue(ToolCallPart.of("look", "c9", Map.of("q", "x")));
        model.enqueueText("done");

        AgentResult<String> r = a.run("go");

        assertThat(keys).containsExactly(r.runId() + "|" + r.runId() + "/c9");
    }

    @Test
    void toolReturnPartsCarryJsonForStructuredResults() {
        record Item(String name, int qty) {}
        record Q(String q) {}
        Agent<Void, String> a = Agent.builder().name("j").model(model)
                .tool("items", "list items", Q.class, (ctx, q) -> List.of(new Item("apple", 3))).build();
        model.enqueue(ToolCallPart.of("items", Map.of("q", "x")));
        model.enqueueText("done");
        a.run("go");
        model.takeRequest();
        ToolReturnPart ret = model.takeRequest().toolReturns().get(0);
        assertThat(ret.content().toString()).isEqualTo("[{\"name\":\"apple\",\"qty\":3}]");
    }

    @Test
    void aModelIsRequired() {
        assertThatThrownBy(() -> Agent.builder().name("x").build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Agent 'x' has no model");
    }
}

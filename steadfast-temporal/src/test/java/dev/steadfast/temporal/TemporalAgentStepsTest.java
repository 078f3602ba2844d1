package dev.steadfast.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.steadfast.agent.Agent;
import dev.steadfast.agent.Tool;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.model.RateLimitedException;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.step.RetryPolicy;
import dev.steadfast.run.StepKind;
import dev.steadfast.step.StepOptions;
import dev.steadfast.run.StepRecord;
import dev.steadfast.step.TypeRef;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import dev.steadfast.workflow.spi.StepCall;
import dev.steadfast.workflow.spi.StepExecutors;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An agent inside a workflow: its model requests and tool calls become Temporal activities named
 * {@code <agent>.model} / {@code <agent>.tool.<tool>}, approvals are durable waits answered by
 * {@code approve}/{@code deny}, and a rate limit's Retry-After sets the activity's next retry.
 */
class TemporalAgentStepsTest {
    static final List<String> MAILBOX = new CopyOnWriteArrayList<>();
    static final AtomicInteger RATE_LIMITED = new AtomicInteger();

    public static final class Mailer {
        @Tool(value = "Send an e-mail", requiresApproval = true)
        public String email(String to, String body) {
            MAILBOX.add(to);
            return "sent to " + to;
        }
    }

    /** Calls the tool first, then reports what the tool said. */
    static ModelResponse respond(List<Message> messages) {
        if (messages.getLast() instanceof ModelRequest r && r.parts().getFirst() instanceof ToolReturnPart ret) {
            return ModelResponse.of(TextPart.of("done: " + ret.contentAsText()));
        }
        return ModelResponse.of(ToolCallPart.of("email", Map.of("to", "ana@example.com", "body", "hi")));
    }

    static final Agent<Void, String> MAIL_AGENT = Agent.builder().name("mailer")
            .model(new FunctionModel((messages, params) -> respond(messages))).tools(new Mailer()).build();

    public static final class Assistant implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String prompt) {
            return MAIL_AGENT.run(prompt).output();
        }
    }

    /** A model step that is rate limited once, with Retry-After: 2 minutes. */
    public static final class Patient implements Workflow<String, Long> {
        @Override
        public Long run(WorkflowContext ctx, String input) {
            var before = ctx.now();
            var options = StepOptions.builder().retry(RetryPolicy.builder().maxAttempts(3)
                    .initialInterval(Duration.ofSeconds(1)).build()).build();
            String out = StepExecutors.current().orElseThrow().execute(new StepCall<>("bot.model", StepKind.MODEL,
                    NullNode.getInstance(), TypeRef.of(String.class), options, () -> {
                        if (RATE_LIMITED.getAndIncrement() == 0) {
                            throw new RateLimitedException(429, "slow down", "", Duration.ofMinutes(2));
                        }
                        return "ok";
                    }, null));
            assertThat(out).isEqualTo("ok");
            return Duration.between(before, ctx.now()).toSeconds();
        }
    }

    static TestWorkflowEnvironment env;
    static WorkflowEngine engine;

    @BeforeAll
    static void start() {
        env = TemporalTestEnvironment.start();
        engine = TemporalTestEnvironment.engine(env, "agents", new Assistant(), new Patient());
    }

    @AfterAll
    static void stop() {
        engine.close();
        env.close();
    }

    private static String pendingToolCall(String id) {
        TemporalTestEnvironment.awaitState(engine, id, i -> !i.pendingApprovals().isEmpty());
        var pending = engine.describe(id).pendingApprovals();
        assertThat(pending).singleElement().satisfies(p -> {
            assertThat(p.agent()).isEqualTo("mailer");
            assertThat(p.toolName()).isEqualTo("email");
            assertThat(p.args().path("to").asText()).isEqualTo("ana@example.com");
        });
        return pending.getFirst().toolCallId();
    }

    @Test
    void anApprovedToolCallRunsAsAnActivityNamedAfterTheTool() {
        MAILBOX.clear();
        var h = engine.start(Assistant.class, "agent-approve", "mail Ana");
        engine.approve("agent-approve", pendingToolCall("agent-approve"));
        assertThat(h.result(Duration.ofSeconds(30))).isEqualTo("done: sent to ana@example.com");
        assertThat(MAILBOX).containsExactly("ana@example.com");
        List<StepRecord> steps = engine.history("agent-approve");
        assertThat(steps).extracting(StepRecord::kind)
                .containsExactly(StepKind.MODEL, StepKind.APPROVAL, StepKind.TOOL, StepKind.MODEL);
        assertThat(steps).extracting(StepRecord::name)
                .containsExactly("mailer.model", "mailer.tool.email", "mailer.tool.email", "mailer.model");
        assertThat(steps.get(1).output().path("approved").asBoolean()).isTrue();
        assertThat(steps.get(2).input().path("args").path("to").asText()).isEqualTo("ana@example.com");
        // model steps carry their usage in the recorded result; describe sums them
        assertThat(steps.get(0).usage().requests()).isEqualTo(1);
        assertThat(steps.get(0).usage().inputTokens()).isPositive();
        var info = engine.describe("agent-approve");
        assertThat(info.usage().requests()).isEqualTo(2);
        assertThat(info.usage().inputTokens())
                .isEqualTo(steps.get(0).usage().inputTokens() + steps.get(3).usage().inputTokens());
    }

    @Test
    void aDeniedToolCallIsNotRunAndTheModelIsToldWhy() {
        MAILBOX.clear();
        var h = engine.start(Assistant.class, "agent-deny", "mail Ana");
        engine.deny("agent-deny", pendingToolCall("agent-deny"), "not today");
        assertThat(h.result(Duration.ofSeconds(30))).isEqualTo("done: The tool call was denied: not today");
        assertThat(MAILBOX).isEmpty();
        assertThat(engine.history("agent-deny")).extracting(StepRecord::kind)
                .containsExactly(StepKind.MODEL, StepKind.APPROVAL, StepKind.MODEL);
    }

    @Test
    void retryAfterBecomesTheActivitysNextRetryDelay() {
        RATE_LIMITED.set(0);
        long waited = engine.start(Patient.class, "patient-1", "x").result(Duration.ofSeconds(30));
        assertThat(waited).isGreaterThanOrEqualTo(120);
        assertThat(RATE_LIMITED.get()).isEqualTo(2);
        StepRecord model = engine.history("patient-1").getFirst();
        assertThat(model.name()).isEqualTo("bot.model");
        assertThat(model.attempts()).isEqualTo(2);
        // failedAttempts comes from ActivityTaskStarted.lastFailure, which the Java test server leaves empty.
        assertThat(model.output().asText()).isEqualTo("ok");
    }
}

package dev.steadfast.cli;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.Tool;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.step.RetryPolicy;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunStatus;
import dev.steadfast.step.StepOptions;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Runs for the CLI and console tests: a mailer agent that looks a customer up (the tool result
 * carries an XSS payload) and then wants to send an e-mail, which needs approval; and a workflow
 * whose one step always fails, after two attempts.
 */
final class TestRuns {
    /** Sets {@code window.__xss} if a browser ever executes it. */
    static final String XSS = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>";

    /** The mailer's tools. */
    public static final class MailTools {
        @Tool("Look a customer up by name")
        public String lookup(String customer) {
            return "Note on " + customer + ": " + XSS;
        }

        @Tool(value = "Send an e-mail", name = "send_email", requiresApproval = true)
        public String sendEmail(String to, String body) {
            return "sent to " + to;
        }
    }

    /** Always fails: two attempts 10 ms apart, then the run fails. */
    static final class Charge implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String card) {
            var twice = StepOptions.builder().retry(RetryPolicy.builder().maxAttempts(2)
                    .initialInterval(Duration.ofMillis(10)).build()).build();
            return ctx.step("charge", String.class, twice, () -> {
                throw new IllegalStateException("card " + card + " declined\u001b[31m");
            });
        }
    }

    /** What the refund waits for. */
    record Approval(boolean approved, String reason) {}

    /** Waits for an {@link Approval} signal named {@code approval}, then says what it got. */
    static final class Refund implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String order) {
            Approval a = ctx.awaitSignal("approval", Approval.class);
            return order + (a.approved() ? " refunded" : " kept") + " (" + a.reason() + ")";
        }
    }

    private TestRuns() {}

    /** The mailer: lookup, then send_email (approval), then a text answer saying what came back. */
    static Agent<Void, String> mailer() {
        return Agent.builder().name("mailer").model(new FunctionModel("scripted-mailer", (messages, params) -> {
            List<ToolReturnPart> returns = returns(messages);
            return switch (returns.size()) {
                case 0 -> ModelResponse.of(ToolCallPart.of("lookup", Map.of("customer", "Ada")));
                case 1 -> ModelResponse.of(ToolCallPart.of("send_email", Map.of("to", "ada@example.org", "body", "Hello Ada")));
                default -> ModelResponse.of(TextPart.of("Finished: " + returns.getLast().content()));
            };
        })).instructions("You write to customers.").tools(new MailTools()).build();
    }

    /** The arguments of the quoter's external tool. */
    record Pair(String from, String to) {}

    /** The quoter: asks its external tool {@code rate} (answered from outside the run), then says what came back. */
    static Agent<Void, String> quoter() {
        return Agent.builder().name("quoter").model(new FunctionModel("scripted-quoter", (messages, params) -> {
            List<ToolReturnPart> returns = returns(messages);
            return returns.isEmpty() ? ModelResponse.of(ToolCallPart.of("rate", Map.of("from", "EUR", "to", "USD")))
                    : ModelResponse.of(TextPart.of("Rate: " + returns.getLast().content()
                            + (returns.getLast().isFailed() ? " (failed)" : "")));
        })).externalTool("rate", "Today's exchange rate", Pair.class).build();
    }

    private static List<ToolReturnPart> returns(List<Message> messages) {
        return messages.stream().filter(m -> m instanceof ModelRequest).flatMap(m -> ((ModelRequest) m).parts().stream())
                .filter(p -> p instanceof ToolReturnPart).map(p -> (ToolReturnPart) p).toList();
    }

    /** An owning engine with the mailer, the quoter, {@link Charge} and {@link Refund} registered; it steers as "owner". */
    static WorkflowEngine owner(Path db) {
        return EmbeddedEngine.builder().database(db).actor("owner").register(mailer(), quoter())
                .register(new Charge(), new Refund()).build();
    }

    /** Starts a mailer run and waits until it waits for approval. */
    static void startMailer(WorkflowEngine engine, String id) {
        engine.start(mailer(), id, "Write to Ada");
        await(engine, id, i -> !i.pendingApprovals().isEmpty());
    }

    /** {@code db} with mail-1 (waiting for approval) and charge-1 (failed). */
    static void seed(Path db) {
        try (WorkflowEngine engine = owner(db)) {
            startMailer(engine, "mail-1");
            engine.start(Charge.class, "charge-1", "4242");
            await(engine, "charge-1", i -> i.status() == RunStatus.FAILED);
        }
    }

    static RunInfo await(WorkflowEngine engine, String id, Predicate<RunInfo> until) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            RunInfo info = engine.describe(id);
            if (until.test(info)) {
                return info;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + id + " never got there; last: " + info);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}

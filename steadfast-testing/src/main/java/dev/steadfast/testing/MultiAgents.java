package dev.steadfast.testing;

import dev.steadfast.agent.Agent;
import dev.steadfast.error.ChildRunFailedException;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.RequestPart;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.message.UserPromptPart;
import dev.steadfast.model.ModelHttpException;
import dev.steadfast.usage.Usage;
import dev.steadfast.usage.UsageLimits;
import dev.steadfast.workflow.ChildRun;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agents of {@link MultiAgentContract}: a planner that delegates to a researcher. Their scripted
 * models decide from the conversation alone, so a resumed run gets the same answers, and count what
 * really ran.
 */
final class MultiAgents {
    static final Usage PER_REQUEST = new Usage(1, 1000, 100, 0, 0, 0, 0);

    /** The arguments of the researcher's tools. */
    record What(String what) {}

    /** Counts of what really ran, shared by every engine opened in one test. */
    static final class Counters {
        final AtomicInteger plannerCalls = new AtomicInteger();
        final AtomicInteger researcherCalls = new AtomicInteger();
        final AtomicInteger published = new AtomicInteger();
        final AtomicInteger triageCalls = new AtomicInteger();
        final AtomicInteger refunds = new AtomicInteger();
        /** The instructions and user prompt the billing agent's model received first. */
        final java.util.concurrent.atomic.AtomicReference<String> billingSaw =
                new java.util.concurrent.atomic.AtomicReference<>();
    }

    /**
     * A triage agent that hands every conversation to billing, which refunds with its own tool and answers
     * {@code refunded <user prompt>}.
     */
    static Agent<Void, String> triage(Counters counters) {
        Agent<Void, String> billing = Agent.builder()
                .name("billing")
                .instructions("You handle invoices.")
                .model(new FunctionModel("gpt-4.1", (messages, params) -> {
                    String system = ((ModelRequest) messages.getFirst())
                            .parts().stream()
                                    .filter(dev.steadfast.message.SystemPromptPart.class::isInstance)
                                    .map(p -> ((dev.steadfast.message.SystemPromptPart) p).content())
                                    .findFirst()
                                    .orElse("");
                    counters.billingSaw.compareAndSet(null, system + " / " + prompt(messages));
                    boolean refunded = returns(messages).stream()
                            .anyMatch(r -> r.toolName().equals("refund"));
                    return (refunded
                                    ? ModelResponse.of(TextPart.of("refunded " + prompt(messages)))
                                    : ModelResponse.of(ToolCallPart.of("refund", Map.of("what", "invoice 7"))))
                            .withUsage(PER_REQUEST);
                }))
                .tool(
                        "refund",
                        "Refund an invoice",
                        What.class,
                        (ctx, w) -> "refund " + counters.refunds.incrementAndGet())
                .build();
        return Agent.builder()
                .name("triage")
                .instructions("You route questions.")
                .model(new FunctionModel("gpt-4.1", (messages, params) -> {
                    counters.triageCalls.incrementAndGet();
                    return ModelResponse.of(ToolCallPart.of("transfer_to_billing", Map.of("reason", "an invoice")))
                            .withUsage(PER_REQUEST);
                }))
                .handoff(billing, "transfer_to_billing", "Questions about invoices")
                .build();
    }

    private MultiAgents() {}

    /**
     * The researcher: its prompt says what it does. {@code loop}: calls the tool {@code again} forever;
     * {@code fail}: its model refuses the request (a 400, not retried); {@code stumble}: calls {@code again}
     * once, then its model refuses; {@code publish}: calls the tool
     * {@code publish}, which requires approval; else it answers {@code notes on <prompt>}.
     */
    static Agent<Void, String> researcher(Counters counters) {
        return Agent.builder()
                .name("researcher")
                .model(new FunctionModel("gpt-4.1", (messages, params) -> {
                    counters.researcherCalls.incrementAndGet();
                    String prompt = prompt(messages);
                    List<ToolReturnPart> returns = returns(messages);
                    if (prompt.contains("fail")) {
                        throw new ModelHttpException(400, "the model refused '" + prompt + "'", "{}");
                    }
                    if (prompt.contains("stumble")) { // a tool call, then a refusal: it fails after using tokens
                        if (!returns.isEmpty()) {
                            throw new ModelHttpException(400, "the model refused to go on", "{}");
                        }
                        return ModelResponse.of(ToolCallPart.of("again", Map.of("what", "more")))
                                .withUsage(PER_REQUEST);
                    }
                    if (prompt.contains("loop")) {
                        return ModelResponse.of(ToolCallPart.of("again", Map.of("what", "more")))
                                .withUsage(PER_REQUEST);
                    }
                    if (prompt.contains("publish") && returns.isEmpty()) {
                        return ModelResponse.of(ToolCallPart.of("publish", Map.of("what", prompt)))
                                .withUsage(PER_REQUEST);
                    }
                    String text = returns.isEmpty()
                            ? "notes on " + prompt
                            : "done: " + returns.getLast().content().asText();
                    return ModelResponse.of(TextPart.of(text)).withUsage(PER_REQUEST);
                }))
                .tool("again", "Once more", What.class, (ctx, w) -> "again " + w.what())
                .toolRequiringApproval("publish", "Publish the notes", What.class, (ctx, w) -> {
                    counters.published.incrementAndGet();
                    return "published";
                })
                .usageLimits(UsageLimits.NONE)
                .build();
    }

    /**
     * The planner: hands its prompt to its delegate tool (the researcher), twice at once when it says
     * {@code twice}, then answers {@code plan: <what came back last>}; a failed call's message comes back too.
     */
    static Agent<Void, String> planner(Counters counters, Agent<Void, String> researcher, UsageLimits limits) {
        return Agent.builder()
                .name("planner")
                .model(new FunctionModel("gpt-4.1", (messages, params) -> {
                    counters.plannerCalls.incrementAndGet();
                    List<ToolReturnPart> returns = returns(messages);
                    if (returns.isEmpty() && prompt(messages).contains("twice")) {
                        return ModelResponse.of(
                                        ToolCallPart.of("research", Map.of("prompt", prompt(messages))),
                                        ToolCallPart.of("research", Map.of("prompt", prompt(messages))))
                                .withUsage(PER_REQUEST);
                    }
                    if (returns.isEmpty()) {
                        return ModelResponse.of(ToolCallPart.of("research", Map.of("prompt", prompt(messages))))
                                .withUsage(PER_REQUEST);
                    }
                    ToolReturnPart r = returns.getLast();
                    String what = r.content().isTextual()
                            ? r.content().asText()
                            : r.content().toString();
                    return ModelResponse.of(TextPart.of(
                                    "plan: " + what + (r.outcome() == null ? "" : " (" + r.outcome() + ")")))
                            .withUsage(PER_REQUEST);
                }))
                .delegate(researcher, "research", "Research one question and return notes")
                .usageLimits(limits)
                .build();
    }

    /** Workflow code that runs the researcher as child runs: one that answers, one whose failure it catches. */
    static final class TwoQuestions implements Workflow<String, String> {
        private final Agent<Void, String> researcher;

        TwoQuestions(Agent<Void, String> researcher) {
            this.researcher = researcher;
        }

        @Override
        public String run(WorkflowContext ctx, String topic) {
            String first = ctx.run(researcher, topic).output();
            String second;
            try {
                second = ctx.run(researcher, "fail " + topic).output();
            } catch (ChildRunFailedException e) {
                second = "failed in " + e.childRunId();
            }
            return first + " | " + second;
        }
    }

    /**
     * Workflow code that runs a researcher that stumbles, catches its failure, then waits for the signal
     * {@code go}: {@code <go> after <child> failed: <requests> requests, $<cost>}, as the failure says what the
     * child used.
     */
    static final class StumbleThenWait implements Workflow<String, String> {
        private final Agent<Void, String> researcher;

        StumbleThenWait(Agent<Void, String> researcher) {
            this.researcher = researcher;
        }

        @Override
        public String run(WorkflowContext ctx, String topic) {
            try {
                return ctx.run(researcher, "stumble " + topic).output();
            } catch (ChildRunFailedException e) {
                String go = ctx.awaitSignal("go", String.class);
                return go + " after " + e.childRunId() + " failed: " + e.usage().requests() + " requests, $"
                        + e.cost().stripTrailingZeros().toPlainString();
            }
        }
    }

    /**
     * Workflow code that starts three researchers at once ({@code a}, {@code publish}, {@code c}), takes the
     * first to end, then waits for all: {@code <first> | <all, in start order>}.
     */
    static final class ThreeAtOnce implements Workflow<String, String> {
        private final Agent<Void, String> researcher;

        ThreeAtOnce(Agent<Void, String> researcher) {
            this.researcher = researcher;
        }

        @Override
        public String run(WorkflowContext ctx, String topic) {
            List<ChildRun<String>> runs = List.of(
                    ctx.start(researcher, "a " + topic),
                    ctx.start(researcher, "publish " + topic),
                    ctx.start(researcher, "c " + topic));
            String first = ctx.any(runs).result().output();
            return first + " | "
                    + String.join(
                            ", ", ctx.all(runs).stream().map(r -> r.output()).toList());
        }
    }

    static String prompt(List<Message> messages) {
        for (Message m : messages) {
            if (m instanceof ModelRequest r) {
                for (RequestPart p : r.parts()) {
                    if (p instanceof UserPromptPart u) {
                        return u.content();
                    }
                }
            }
        }
        return "";
    }

    static List<ToolReturnPart> returns(List<Message> messages) {
        return messages.stream()
                .filter(ModelRequest.class::isInstance)
                .flatMap(m -> ((ModelRequest) m).parts().stream())
                .filter(ToolReturnPart.class::isInstance)
                .map(ToolReturnPart.class::cast)
                .toList();
    }
}

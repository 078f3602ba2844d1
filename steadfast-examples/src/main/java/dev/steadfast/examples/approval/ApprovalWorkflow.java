package dev.steadfast.examples.approval;

import static java.util.Objects.requireNonNull;

import dev.steadfast.agent.Agent;
import dev.steadfast.model.Model;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import org.slf4j.LoggerFactory;

/**
 * The seed article's pattern 2, human in the loop: an analyst agent analyses a request, a reviewer
 * is asked, the run waits for the {@value #APPROVAL_SIGNAL} signal — for hours if need be, through
 * any number of restarts, holding no thread once the wait is long — and then an executor agent
 * executes the plan, or the run ends with the rejection. The analyst's model call is a recorded
 * step: resuming after the wait does not ask the model again.
 *
 * <pre>{@code
 * Agent<Void, Analysis> analyst = ApprovalWorkflow.analyst(Models.of("openai:gpt-4.1"));
 * Agent<Void, String> executor = ApprovalWorkflow.executor(Models.of("openai:gpt-4.1"), new RefundTools());
 * try (WorkflowEngine engine = EmbeddedEngine.builder()
 *         .database(Path.of("approvals.db"))
 *         .register(new ApprovalWorkflow(analyst, executor, reviewQueue))
 *         .build()) {
 *     engine.start(ApprovalWorkflow.class, "req-42", new Request("Refund order 1234 ($420)"));
 *     // ... hours later, in whichever process is running then:
 *     engine.signal("req-42", "approval", Approval.approve("within policy"));
 *     Outcome o = engine.handle("req-42", Outcome.class).result(Duration.ofMinutes(5));
 * }
 * }</pre>
 */
public final class ApprovalWorkflow implements Workflow<Request, Outcome> {
    /** The signal that carries the reviewer's {@link Approval}. */
    public static final String APPROVAL_SIGNAL = "approval";

    private final Agent<Void, Analysis> analyst;
    private final Agent<Void, String> executor;
    private final ReviewQueue reviewers;

    /** With a review queue that only logs; decisions arrive by {@code engine.signal}. */
    public ApprovalWorkflow(Agent<Void, Analysis> analyst, Agent<Void, String> executor) {
        this(analyst, executor, (id, request, analysis) -> LoggerFactory.getLogger(ApprovalWorkflow.class).info(
                "Run {} awaits approval of: {}", id, analysis.plan()));
    }

    public ApprovalWorkflow(Agent<Void, Analysis> analyst, Agent<Void, String> executor, ReviewQueue reviewers) {
        this.analyst = requireNonNull(analyst, "analyst");
        this.executor = requireNonNull(executor, "executor");
        this.reviewers = requireNonNull(reviewers, "reviewers");
    }

    /** An analyst agent named {@code analyst} on {@code model}. */
    public static Agent<Void, Analysis> analyst(Model model) {
        return Agent.builder().name("analyst").model(model)
                .instructions("You review operational requests. Summarise the request, propose a concrete plan a"
                        + " colleague could execute, and rate its risk.")
                .output(Analysis.class)
                .build();
    }

    /** An executor agent named {@code executor} on {@code model}, with the tools that do the work. */
    public static Agent<Void, String> executor(Model model, Object... tools) {
        return Agent.builder().name("executor").model(model)
                .instructions("You execute plans a human has approved, exactly as written, and report what you did.")
                .tools(tools)
                .build();
    }

    @Override
    public Outcome run(WorkflowContext ctx, Request request) {
        Analysis analysis = analyst.run("Analyse this request:\n" + request.text()).output(); // recorded model step
        ctx.step("submit_for_review", Void.class, () -> {
            reviewers.submit(ctx.workflowId(), request, analysis);
            return null;
        });
        Approval decision = ctx.awaitSignal(APPROVAL_SIGNAL, Approval.class); // durable: survives restarts
        if (!decision.approved()) {
            return Outcome.rejected(analysis, decision.reason());
        }
        String report = executor.run("Execute this approved plan:\n" + analysis.plan()
                + "\nReviewer's note: " + decision.reason()).output();
        return Outcome.executed(analysis, report);
    }
}

package dev.steadfast.examples.approval;

import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.UserPromptPart;
import dev.steadfast.model.Model;
import dev.steadfast.model.Models;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunStatus;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link ApprovalWorkflow} start to end in one process: the analyst analyses a refund request,
 * the run waits for approval, the engine is closed and opened again while it waits (a deploy, say),
 * the approval arrives, and the executor executes. Offline by default, with scripted models;
 * {@code --model openai:gpt-4.1} uses a real one (its provider module must be on the class path).
 *
 * <pre>{@code
 * java dev.steadfast.examples.approval.ApprovalExample [--model provider:model]
 * }</pre>
 */
public final class ApprovalExample {
    static final String RUN = "refund-1234";
    static final Request REQUEST = new Request("Refund order 1234 ($420): the parcel arrived damaged.");

    private ApprovalExample() {}

    public static void main(String[] args) throws Exception {
        Model analystModel = offlineAnalyst();
        Model executorModel = offlineExecutor();
        if (args.length == 2 && args[0].equals("--model")) {
            analystModel = Models.of(args[1]);
            executorModel = analystModel;
        }
        Path db = Files.createTempDirectory("steadfast-approval").resolve("approvals.db");
        run(db, analystModel, executorModel, System.out);
    }

    static Outcome run(Path db, Model analystModel, Model executorModel, PrintStream out) throws InterruptedException {
        var analyst = ApprovalWorkflow.analyst(analystModel);
        var executor = ApprovalWorkflow.executor(executorModel);
        ReviewQueue printed = (id, request, analysis) -> out.printf(
                "Review needed for %s (risk %s):%n  %s%n  plan: %s%n",
                id, analysis.risk(), analysis.summary(), analysis.plan().replace("\n", "\n        "));
        var workflow = new ApprovalWorkflow(analyst, executor, printed);

        try (WorkflowEngine engine = open(db, workflow)) {
            engine.start(ApprovalWorkflow.class, RUN, REQUEST);
            RunInfo info = awaitApprovalWait(engine);
            out.println("Run " + RUN + " is " + info.status() + " for " + info.awaitingSignals()
                    + ". Restarting the engine while it waits...");
        }
        try (WorkflowEngine engine = open(db, workflow)) {
            out.println(
                    "Reopened: run " + RUN + " is still " + engine.describe(RUN).status() + ". Approving.");
            engine.signal(RUN, ApprovalWorkflow.APPROVAL_SIGNAL, Approval.approve("Within the refund policy."));
            Outcome outcome = engine.handle(RUN, Outcome.class).result(Duration.ofMinutes(2));
            out.println(
                    outcome.executed() ? "Executed: " + outcome.report() : "Rejected: " + outcome.rejectionReason());
            engine.history(RUN)
                    .forEach(s -> out.printf("  %d %-18s %-6s %s%n", s.seq(), s.name(), s.kind(), s.status()));
            return outcome;
        }
    }

    private static WorkflowEngine open(Path db, ApprovalWorkflow workflow) {
        return EmbeddedEngine.builder().database(db).register(workflow).build();
    }

    private static RunInfo awaitApprovalWait(WorkflowEngine engine) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            RunInfo info = engine.describe(RUN);
            if (info.status() == RunStatus.WAITING
                    && info.awaitingSignals().contains(ApprovalWorkflow.APPROVAL_SIGNAL)) {
                return info;
            }
            if (info.status().isTerminal() || System.nanoTime() > deadline) {
                throw new IllegalStateException("Run " + RUN + " did not reach the approval wait: " + info);
            }
            Thread.sleep(20);
        }
    }

    /** A stand-in analyst: proposes a plan for whatever request it is given. */
    public static Model offlineAnalyst() {
        return new FunctionModel("offline-analyst", (messages, params) -> {
            String request = lastUserPrompt(messages).replaceFirst("(?s)^Analyse this request:\\s*", "");
            return ModelResponse.of(ToolCallPart.of(
                    "final_result",
                    Map.of(
                            "summary", "A customer asks: " + request,
                            "plan",
                                    "1. Check the order and the photos of the damage.\n2. Refund the amount to the original"
                                            + " payment method.\n3. Tell the customer.",
                            "risk", "MEDIUM")));
        });
    }

    /** A stand-in executor: reports the plan's steps as done. */
    public static Model offlineExecutor() {
        return new FunctionModel("offline-executor", (messages, params) -> {
            long steps = lastUserPrompt(messages)
                    .lines()
                    .filter(l -> l.matches("\\d+\\..*"))
                    .count();
            return ModelResponse.of(TextPart.of("Done: all " + steps + " steps of the plan were carried out."));
        });
    }

    private static String lastUserPrompt(List<Message> messages) {
        String last = "";
        for (Message m : messages) {
            if (m instanceof ModelRequest r) {
                for (var p : r.parts()) {
                    if (p instanceof UserPromptPart u) {
                        last = u.content();
                    }
                }
            }
        }
        return last;
    }
}

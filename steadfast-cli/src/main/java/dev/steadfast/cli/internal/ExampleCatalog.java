package dev.steadfast.cli.internal;

import dev.steadfast.agent.Agent;
import dev.steadfast.workflow.AgentWorkflow;
import dev.steadfast.examples.approval.ApprovalWorkflow;
import dev.steadfast.examples.memo.AnalysisWorkflow;
import dev.steadfast.examples.research.OfflineResearchModel;
import dev.steadfast.examples.research.ResearchAgent;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.Workflow;
import java.util.List;
import java.util.Map;

/**
 * The workflows and agents a process started by this CLI can run: the examples', on offline models.
 * {@code steadfast console} (when it owns an embedded database) and {@code steadfast temporal worker}
 * register these; runs of other types are shown and steered, never executed, by the CLI.
 */
final class ExampleCatalog {
    private ExampleCatalog() {}

    /** The research agent (as its own workflow), the memo analysis and the approval workflow. */
    static List<Workflow<?, ?>> workflows() {
        Agent<?, ?> researcher = ResearchAgent.create(OfflineResearchModel.create());
        var analyst = ApprovalWorkflow.analyst(new FunctionModel("offline-analyst", (messages, params) ->
                ModelResponse.of(ToolCallPart.of("final_result", Map.of("summary", "A request to act on.",
                        "plan", "1. Check the request.\n2. Carry it out.\n3. Report back.", "risk", "LOW")))));
        var executor = ApprovalWorkflow.executor(new FunctionModel("offline-executor", (messages, params) ->
                ModelResponse.of(TextPart.of("Done: the plan was carried out."))));
        return List.of(new AgentWorkflow<>(researcher), new AnalysisWorkflow(), new ApprovalWorkflow(analyst, executor));
    }

    /** The names of {@link #workflows()}, for messages. */
    static List<String> names() {
        return workflows().stream().<String>map(Workflow::name).toList();
    }
}

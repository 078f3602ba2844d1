package dev.steadfast.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.error.WorkflowFailedException;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.model.ModelHttpException;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepKind;
import dev.steadfast.run.StepRecord;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.usage.Usage;
import dev.steadfast.workflow.WorkflowEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Delegate tools on Temporal: each call runs the delegate as a child workflow of its own, whose answer,
 * usage and failure reach the parent as on the embedded engine; a delegate no worker registered is refused
 * with a message that says so.
 */
class TemporalDelegationTest {
    @RegisterExtension
    static final TemporalTestEnvironment SERVER = new TemporalTestEnvironment();

    private final AtomicInteger researcherCalls = new AtomicInteger();

    private final Agent<Void, String> researcher = researcher();

    private Agent<Void, String> researcher() {
        return Agent.builder()
                .name("researcher")
                .model(new FunctionModel("gpt-4.1", (m, p) -> {
                    researcherCalls.incrementAndGet();
                    String prompt = m.getFirst().toString();
                    if (prompt.contains("fail")) {
                        throw new ModelHttpException(400, "refused", "{}");
                    }
                    return ModelResponse.of(TextPart.of("notes")).withUsage(new Usage(1, 1000, 100, 0, 0, 0, 0));
                }))
                .build();
    }

    private Agent<Void, String> planner() {
        return Agent.builder()
                .name("planner")
                .model(new FunctionModel("gpt-4.1", (m, p) -> {
                    var returns = m.stream()
                            .filter(ModelRequest.class::isInstance)
                            .flatMap(x -> ((ModelRequest) x).parts().stream())
                            .filter(ToolReturnPart.class::isInstance)
                            .map(ToolReturnPart.class::cast)
                            .toList();
                    String prompt = m.getFirst().toString().contains("fail") ? "fail" : "fsync";
                    return (returns.isEmpty()
                                    ? ModelResponse.of(ToolCallPart.of("research", Map.of("prompt", prompt)))
                                    : ModelResponse.of(TextPart.of(
                                            "plan: " + returns.getLast().contentAsText()
                                                    + (returns.getLast().outcome() == null ? "" : " (failed)"))))
                            .withUsage(new Usage(1, 1000, 100, 0, 0, 0, 0));
                }))
                .delegate(researcher, "research", "Research")
                .build();
    }

    private WorkflowEngine open(Agent<?, ?>... agents) {
        return TemporalEngine.builder()
                .client(SERVER.env().getWorkflowClient())
                .taskQueue("delegation-" + UUID.randomUUID())
                .stickyQueueTimeout(Duration.ZERO)
                .register(agents)
                .build();
    }

    @Test
    void aDelegateRunsAsAChildWorkflowAndItsUsageAndFailureReachTheParent() {
        Agent<Void, String> planner = planner();
        try (WorkflowEngine engine = open(planner, researcher)) {
            String id = "deleg-" + UUID.randomUUID();
            AgentResult<String> r = engine.start(planner, id, "go").result(Duration.ofSeconds(60));
            assertThat(r.output()).isEqualTo("plan: notes");
            assertThat(r.usage().requests()).isEqualTo(3);
            RunInfo child = engine.describe(id + ".c2");
            assertThat(child.parentId()).isEqualTo(id);
            assertThat(child.workflowType()).isEqualTo("researcher");
            assertThat(engine.history(child.workflowId()))
                    .extracting(StepRecord::name)
                    .containsExactly("researcher.model");
            assertThat(engine.describe(id).childIds()).containsExactly(child.workflowId());

            String failing = "deleg-fail-" + UUID.randomUUID();
            AgentResult<String> f = engine.start(planner, failing, "fail").result(Duration.ofSeconds(60));
            assertThat(f.output())
                    .startsWith("plan: Agent tool 'research' failed")
                    .endsWith("(failed)");
            List<StepRecord> history = engine.history(failing);
            assertThat(history)
                    .extracting(StepRecord::name)
                    .containsExactly("planner.model", "planner.tool.research", "planner.model");
            assertThat(history.get(1).kind()).isEqualTo(StepKind.CHILD);
            assertThat(engine.describe(failing + ".c2").status()).isEqualTo(RunStatus.FAILED);
        }
        assertThat(researcherCalls).hasValue(2);
    }

    @Test
    void aDelegateNoWorkerRegisteredFailsTheRunSayingWhatToDo() {
        Agent<Void, String> planner = planner();
        try (WorkflowEngine engine = open(planner)) {
            assertThatThrownBy(() -> engine.start(planner, "unregistered-" + UUID.randomUUID(), "go")
                            .result(Duration.ofSeconds(60)))
                    .isInstanceOf(WorkflowFailedException.class)
                    .hasMessageContaining("agent 'researcher'")
                    .hasMessageContaining("register it with the engine");
        }
        assertThat(researcherCalls).hasValue(0);
    }
}

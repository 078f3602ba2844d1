package dev.steadfast.temporal.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.SteadfastException;
import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.usage.UsageLimits;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.temporal.TemporalEngine;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.WorkflowEngine;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A worker with an empty cache rebuilds a conversation passed by hash from the run's history, and checks it. */
class ConversationStoreTest {
    record Note(String text) {}

    @Test
    void aConversationPassedByHashIsRebuiltFromHistoryAndChecked() {
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
                        .setDataConverter(TemporalEngine.dataConverter()).build()).build())) {
            Agent<Void, String> agent = Agent.builder().name("noter").usageLimits(UsageLimits.NONE)
                    .model(new FunctionModel((messages, params) -> messages.size() < 7
                            ? ModelResponse.of(ToolCallPart.of("note", Map.of("text", "n" + messages.size())))
                            : ModelResponse.of(TextPart.of("done"))))
                    .tool("note", "take a note", Note.class, (ctx, n) -> n.text()).build();
            AgentResult<String> result;
            try (WorkflowEngine engine = TemporalEngine.builder().client(env.getWorkflowClient()).taskQueue("store")
                    .inlineConversationBytes(0).register(agent).build()) {
                result = engine.start(agent, "notes-1", "take notes").result(Duration.ofSeconds(30));
            }
            var converter = env.getWorkflowClient().getOptions().getDataConverter();
            List<HistoryEvent> events = env.getWorkflowClient().fetchHistory("notes-1").getEvents();
            Wire.StepInput last = events.stream()
                    .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                    .map(e -> converter.fromPayloads(0, Optional.of(e.getActivityTaskScheduledEventAttributes().getInput()),
                            Wire.StepInput.class, Wire.StepInput.class))
                    .filter(in -> in.name().equals("noter.model")).reduce((a, b) -> b).orElseThrow();
            assertThat(last.conversation().inline()).isNull();
            assertThat(last.conversation().count()).isEqualTo(6);

            var store = new ConversationStore(env.getWorkflowClient(), converter);
            String runId = env.getWorkflowClient().newUntypedWorkflowStub("notes-1").getExecution().getRunId();
            ConversationChain rebuilt = store.resolve(last.conversation(), "notes-1", runId);

            JsonNode expected = Messages.toJsonTree(result.messages().subList(0, 6));
            assertThat(rebuilt.messages()).hasSize(6);
            assertThat(Messages.mapper().valueToTree(rebuilt.messages()).toString()).isEqualTo(expected.toString());
            assertThat(store.rebuilds()).isEqualTo(1);
            store.resolve(last.conversation(), "notes-1", runId);
            assertThat(store.rebuilds()).isEqualTo(1);   // cached by hash now

            var forged = new Wire.ConversationRef(last.conversation().id(), 6, "f".repeat(64), null);
            assertThatThrownBy(() -> new ConversationStore(env.getWorkflowClient(), converter)
                    .resolve(forged, "notes-1", runId)).isInstanceOf(SteadfastException.class)
                    .hasMessageContaining("does not match");
        }
    }
}

package dev.steadfast.engine;

import static dev.steadfast.engine.TestEngines.WAIT;
import static dev.steadfast.engine.TestEngines.awaitRun;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.Tool;
import dev.steadfast.media.Media;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image a tool returned is recorded in the journal and comes back from it: after a restart while
 * the run waits for an approval, replay rebuilds the conversation, the model's next request still
 * carries the image, and the tool that made it is not run again.
 */
class DurableMediaReplayTest {
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};

    @TempDir
    Path dir;

    final AtomicInteger charts = new AtomicInteger();
    final List<List<Message>> requests = new CopyOnWriteArrayList<>();

    final class Tools {
        @Tool("The chart of a city")
        Media chart(String city) {
            charts.incrementAndGet();
            return Media.image(PNG, "image/png");
        }

        @Tool(value = "Publish the report", requiresApproval = true)
        String publish(String title) {
            return "published";
        }
    }

    private Agent<Void, String> agent() {
        return Agent.builder().name("reporter").model(new FunctionModel((messages, params) -> {
            requests.add(List.copyOf(messages));
            long returns = returns(messages).size();
            return switch ((int) returns) {
                case 0 -> ModelResponse.of(ToolCallPart.of("chart", Map.of("city", "Paris")));
                case 1 -> ModelResponse.of(ToolCallPart.of("publish", Map.of("title", "Paris")));
                default -> ModelResponse.of(TextPart.of("Done."));
            };
        })).tools(new Tools()).build();
    }

    private static List<ToolReturnPart> returns(List<Message> messages) {
        return messages.stream().filter(ModelRequest.class::isInstance).flatMap(m -> ((ModelRequest) m).parts().stream())
                .filter(ToolReturnPart.class::isInstance).map(ToolReturnPart.class::cast).toList();
    }

    @Test
    void aToolsImageComesBackFromTheJournalAfterARestart() {
        Agent<Void, String> agent = agent();
        String toolCallId;
        try (WorkflowEngine engine = open(agent)) {
            engine.start(agent, "report-1", "Report on Paris");
            toolCallId = awaitRun(engine, "report-1", r -> !r.pendingApprovals().isEmpty()).pendingApprovals().getFirst().toolCallId();
        }
        int liveRequests = requests.size();

        try (WorkflowEngine engine = open(agent)) { // a new process would rebuild everything from the file
            engine.approve("report-1", toolCallId);

            assertThat(engine.start(agent, "report-1", "Report on Paris").result(WAIT).output()).isEqualTo("Done.");
        }
        assertThat(charts.get()).as("the chart tool's result came from the journal").isEqualTo(1);
        assertThat(requests).hasSize(liveRequests + 1);
        List<ToolReturnPart> seen = returns(requests.getLast());
        assertThat(seen.getFirst().toolName()).isEqualTo("chart");
        assertThat(seen.getFirst().media()).containsExactly(Media.image(PNG, "image/png"));
    }

    private WorkflowEngine open(Agent<Void, String> agent) {
        return EmbeddedEngine.builder().database(dir.resolve("media.db")).unloadAfter(Duration.ofMillis(50)).register(agent).build();
    }
}

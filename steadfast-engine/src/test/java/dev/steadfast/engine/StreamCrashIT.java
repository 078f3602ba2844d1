package dev.steadfast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steadfast.stream.AgentEvent;
import dev.steadfast.stream.RunEvent;
import dev.steadfast.stream.StreamCursor;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A durable agent run SIGKILLed while its answer streams, resumed by a new process: a subscriber that
 * followed it through the crash (it reconnects to the new process with the cursor of the last event it
 * handled) gets the part of the dead attempt it saw, one discard marker, then the resumed attempt's
 * whole answer — one coherent answer, never two interleaved; one that subscribes after the end gets
 * the whole run from the journal.
 */
class StreamCrashIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aSubscriberThatFollowedARunThroughAKillGetsOneAnswerAndADiscardMarker() throws Exception {
        Path db = dir.resolve("stream.db");
        List<JsonNode> seen = new ArrayList<>();
        try (ChildJvm first =
                ChildJvm.start(StreamCrashChild.class, db.toString(), StreamCursor.START.toString(), "hold")) {
            first.await("HELD"::equals, WAIT);
            while (seen.stream().noneMatch(e -> e.path("kind").asText().equals("TextDelta"))) {
                String line = first.await(l -> l.startsWith("EV "), WAIT);
                seen.add(JSON.readTree(line.substring(3)));
            }
            first.kill(); // SIGKILL mid-answer: the model step was never recorded
        }
        String before = text(seen);
        assertThat(StreamCrashChild.ANSWER).startsWith(before).isNotEqualTo(before);
        String cursor = seen.getLast().path("cursor").asText();

        List<JsonNode> after = new ArrayList<>();
        try (ChildJvm second = ChildJvm.start(StreamCrashChild.class, db.toString(), cursor, "resume")) {
            while (true) {
                String line = second.await(l -> l.startsWith("EV ") || l.equals("END"), WAIT);
                if (line.equals("END")) {
                    break;
                }
                after.add(JSON.readTree(line.substring(3)));
            }
        }

        assertThat(after.getFirst().path("kind").asText()).isEqualTo("AttemptDiscarded");
        assertThat(after)
                .filteredOn(e -> e.path("kind").asText().equals("AttemptDiscarded"))
                .hasSize(1);
        assertThat(text(after.subList(1, after.size()))).isEqualTo(StreamCrashChild.ANSWER);
        assertThat(after.getLast().path("kind").asText()).isEqualTo("FinalResult");
        var all = new ArrayList<>(seen);
        all.addAll(after);
        assertThat(all).extracting(e -> e.path("cursor").asText()).doesNotHaveDuplicates();

        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db).build();
                var events = engine.events("run", StreamCursor.START)) {
            List<RunEvent> late = new ArrayList<>();
            events.forEach(late::add);
            assertThat(late)
                    .extracting(e -> e.event().getClass().getSimpleName())
                    .containsExactly("PartStarted", "TextDelta", "ModelUsage", "FinalResult");
            assertThat(((AgentEvent.TextDelta) late.get(1).event()).text()).isEqualTo(StreamCrashChild.ANSWER);
            assertThat(engine.history("run"))
                    .singleElement()
                    .satisfies(s -> assertThat(s.attempts()).isEqualTo(1));
        }
    }

    private static String text(List<JsonNode> events) {
        var b = new StringBuilder();
        events.stream()
                .filter(e -> e.path("kind").asText().equals("TextDelta"))
                .forEach(e -> b.append(e.path("text").asText()));
        return b.toString();
    }
}

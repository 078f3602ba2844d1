package dev.steadfast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.run.StepStatus;
import dev.steadfast.stream.AgentEvent;
import dev.steadfast.stream.RunEvent;
import dev.steadfast.stream.StreamCursor;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower in another process than the run's owner (a read-only engine, as the CLI opens it) subscribed
 * through a crash: it sees the owner's answer live over the owner's socket, the owner is SIGKILLed mid-answer,
 * the follower waits on the journal (no error, no hang) while no owner answers, and a new owner resumes the run.
 * It gets one coherent answer: what it saw of the dead attempt, one discard marker, the new attempt's answer
 * whole — and no event twice.
 */
class LiveFollowerCrashIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aFollowerInAnotherProcessGetsOneAnswerAndOneDiscardThroughTheOwnersCrash() throws Exception {
        Path db = dir.resolve("stream.db");
        List<RunEvent> seen = new ArrayList<>();
        try (ChildJvm first =
                ChildJvm.start(StreamCrashChild.class, db.toString(), StreamCursor.START.toString(), "hold")) {
            first.await("HELD"::equals, WAIT);
            try (WorkflowEngine follower = EmbeddedEngine.builder()
                            .database(db)
                            .access(EmbeddedEngine.Access.READ_ONLY)
                            .build();
                    var events = follower.events("run", StreamCursor.START)) {
                Iterator<RunEvent> it = events.iterator();
                while (seen.stream().noneMatch(e -> e.event() instanceof AgentEvent.TextDelta)) {
                    seen.add(it.next());
                }
                assertThat(follower.history("run"))
                        .as("the text came live from the owner's process")
                        .noneMatch(s -> s.status() == StepStatus.COMPLETED);
                String before = text(seen);
                assertThat(StreamCrashChild.ANSWER).startsWith(before).isNotEqualTo(before);

                first.kill(); // SIGKILL mid-answer: the step was never recorded, the socket is left behind
                try (ChildJvm second = ChildJvm.start(
                        StreamCrashChild.class, db.toString(), StreamCursor.START.toString(), "resume")) {
                    it.forEachRemaining(seen::add);
                    second.await("END"::equals, WAIT);
                }
            }
        }

        assertThat(seen)
                .filteredOn(e -> e.event() instanceof AgentEvent.AttemptDiscarded)
                .hasSize(1);
        assertThat(text(seen)).isEqualTo(StreamCrashChild.ANSWER);
        assertThat(seen.getLast().event()).isInstanceOf(AgentEvent.FinalResult.class);
        assertThat(seen).extracting(e -> e.cursor().toString()).doesNotHaveDuplicates();
    }

    private static String text(List<RunEvent> events) {
        return LiveFollowerTest.text(events);
    }
}

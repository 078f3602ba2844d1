package dev.steadfast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.run.StepStatus;
import dev.steadfast.stream.AgentEvent;
import dev.steadfast.stream.RunEvent;
import dev.steadfast.stream.StreamCursor;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read-only engine on the owner's file (as the CLI or a console in another process opens it) follows a run's
 * answer live, through the owner's socket: it sees text before the step is recorded.
 */
@Timeout(120) // a hang guard only: every wait below ends on an event
class LiveFollowerTest {
    private static final String ANSWER =
            "A follower in another process sees the answer while it streams, " + "not only once the step is recorded.";

    @TempDir
    Path dir;

    @Test
    void aReadOnlyEngineSeesTextDeltasWhileTheStepStreams() throws Exception {
        Path db = dir.resolve("live.db");
        var midway = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        Agent<Void, String> agent = heldAgent(midway, release);
        try (WorkflowEngine owner =
                        EmbeddedEngine.builder().database(db).register(agent).build();
                WorkflowEngine follower = EmbeddedEngine.builder()
                        .database(db)
                        .access(EmbeddedEngine.Access.READ_ONLY)
                        .build()) {
            owner.start(agent, "run", "Explain live streams");
            midway.await();

            List<RunEvent> seen = new ArrayList<>();
            try (var events = follower.events("run", StreamCursor.START)) {
                Iterator<RunEvent> it = untilText(events.iterator(), seen);
                assertThat(follower.history("run"))
                        .as("the text came live: the step is not recorded yet")
                        .noneMatch(s -> s.status() == StepStatus.COMPLETED);
                String live = text(seen);
                assertThat(ANSWER).startsWith(live).isNotEqualTo(live);

                release.countDown();
                it.forEachRemaining(seen::add);
            }
            assertThat(seen).noneMatch(e -> e.event() instanceof AgentEvent.AttemptDiscarded);
            assertThat(text(seen)).isEqualTo(ANSWER);
            assertThat(seen.getLast().event()).isInstanceOf(AgentEvent.FinalResult.class);
            assertThat(seen).extracting(e -> e.cursor().toString()).doesNotHaveDuplicates();
        }
    }

    @Test
    void aFollowerThatReconnectsWithItsCursorMissesNothingAndSeesNothingTwice() throws Exception {
        Path db = dir.resolve("again.db");
        var midway = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        Agent<Void, String> agent = heldAgent(midway, release);
        try (WorkflowEngine owner =
                        EmbeddedEngine.builder().database(db).register(agent).build();
                WorkflowEngine follower = EmbeddedEngine.builder()
                        .database(db)
                        .access(EmbeddedEngine.Access.STEER_ONLY)
                        .build()) {
            owner.start(agent, "run", "Explain live streams");
            midway.await();
            List<RunEvent> seen = new ArrayList<>();
            try (var events = follower.events("run", StreamCursor.START)) {
                untilText(events.iterator(), seen);
            } // the connection drops mid-answer

            release.countDown();
            try (var events = follower.events("run", seen.getLast().cursor())) {
                events.forEach(seen::add);
            }
            assertThat(seen).noneMatch(e -> e.event() instanceof AgentEvent.AttemptDiscarded);
            assertThat(text(seen)).isEqualTo(ANSWER);
            assertThat(seen).extracting(e -> e.cursor().toString()).doesNotHaveDuplicates();
        }
    }

    @Test
    void withNoOwnerAFollowerReadsTheJournal() throws Exception {
        Path db = dir.resolve("done.db");
        var model = new FunctionModel((m, p) -> ModelResponse.of(TextPart.of(ANSWER)));
        Agent<Void, String> agent =
                Agent.builder().name("streamer").model(model).build();
        try (WorkflowEngine owner =
                EmbeddedEngine.builder().database(db).register(agent).build()) {
            owner.start(agent, "run", "Explain live streams").result(java.time.Duration.ofSeconds(60));
        }
        try (WorkflowEngine follower = EmbeddedEngine.builder()
                        .database(db)
                        .access(EmbeddedEngine.Access.READ_ONLY)
                        .build();
                var events = follower.events("run", StreamCursor.START)) {
            List<RunEvent> seen = new ArrayList<>();
            events.forEach(seen::add);
            assertThat(text(seen)).isEqualTo(ANSWER);
            assertThat(seen.getLast().event()).isInstanceOf(AgentEvent.FinalResult.class);
        }
    }

    /** An agent whose answer streams until its seventh event, says so on {@code midway} and waits for {@code release}. */
    private static Agent<Void, String> heldAgent(CountDownLatch midway, CountDownLatch release) {
        var model = new FunctionModel((m, p) -> ModelResponse.of(TextPart.of(ANSWER))).streaming((n, next) -> {
            if (n == 6) {
                midway.countDown();
                release.await();
            }
        });
        return Agent.builder().name("streamer").model(model).build();
    }

    /** Adds events to {@code seen} up to the first text delta; returns the rest. */
    private static Iterator<RunEvent> untilText(Iterator<RunEvent> events, List<RunEvent> seen) {
        while (seen.stream().noneMatch(e -> e.event() instanceof AgentEvent.TextDelta)) {
            seen.add(events.next());
        }
        return events;
    }

    /** The answer as a view that clears on a discard shows it. */
    static String text(List<RunEvent> events) {
        var b = new StringBuilder();
        for (RunEvent e : events) {
            switch (e.event()) {
                case AgentEvent.TextDelta d -> b.append(d.text());
                case AgentEvent.AttemptDiscarded d -> b.setLength(0);
                default -> {}
            }
        }
        return b.toString();
    }
}

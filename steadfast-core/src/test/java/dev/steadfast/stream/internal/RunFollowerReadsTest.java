package dev.steadfast.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.message.TextPart;
import dev.steadfast.model.ModelStreamEvent;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepRecord;
import dev.steadfast.stream.AgentEvent;
import dev.steadfast.stream.EventStream;
import dev.steadfast.stream.RunEvent;
import dev.steadfast.stream.StreamCursor;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A follower of a streaming step reads the run and its journal when more than a delta changed (and every
 * half second at most), not once per token: a console open on a long run must not re-read its whole
 * journal for each word the model writes.
 */
class RunFollowerReadsTest {
    private static final int DELTAS = 200;

    @Test
    void deltasOfTheStepInFlightDoNotReReadTheJournal() {
        var hub = new LiveHub();
        var reads = new AtomicInteger();
        hub.copyStart("r", 1, "a.model", "p.1", List.of());
        hub.copyEvent("r", 1, "p.1", new ModelStreamEvent.PartStart(0, TextPart.of("")));
        long started = System.nanoTime();
        try (EventStream<RunEvent> events = RunFollower.start(
                "r",
                StreamCursor.START,
                () -> RunFollowerTest.run(RunStatus.RUNNING),
                () -> {
                    reads.incrementAndGet();
                    return List.<StepRecord>of();
                },
                hub)) {
            Iterator<RunEvent> it = events.iterator();
            assertThat(it.next().event()).isInstanceOf(AgentEvent.PartStarted.class);
            for (int i = 0; i < DELTAS; i++) { // one at a time: each delta wakes the follower on its own
                hub.copyEvent("r", 1, "p.1", new ModelStreamEvent.TextDelta(0, "w" + i + " "));
                assertThat(it.next().event()).isEqualTo(new AgentEvent.TextDelta(0, "w" + i + " "));
            }
        }
        long halfSeconds = (System.nanoTime() - started) / 500_000_000L;
        // the first read, and one per half second of streaming at most; before, one per delta (200 and more)
        assertThat(reads.get()).isLessThanOrEqualTo(2 + (int) halfSeconds);
    }
}

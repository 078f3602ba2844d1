package dev.steadfast.stream.internal;

import dev.steadfast.message.ResponsePart;
import dev.steadfast.stream.AgentEvent;
import java.time.Duration;
import java.util.List;

/**
 * What an engine knows of its runs' model steps while they stream, beyond the journal: the step in
 * flight, which attempt answered a step, and a change counter followers wait on. An engine that
 * streams nothing live uses {@link #NONE}: its followers see each step once it is recorded.
 */
public interface LiveSteps {
    /** Knows nothing live; {@link #await} sleeps for the given time, so followers poll the journal. */
    LiveSteps NONE = new LiveSteps() {
        @Override
        public LiveStep current(String runId) {
            return null;
        }

        @Override
        public String answeredBy(String runId, int seq) {
            return null;
        }

        @Override
        public long version(String runId) {
            return 0;
        }

        @Override
        public void await(String runId, long seen, Duration max) throws InterruptedException {
            Thread.sleep(max);
        }
    };

    /** The model step of {@code runId} streaming (or last streamed) in this process, or {@code null}. */
    LiveStep current(String runId);

    /** The id of the attempt of this process that answered step {@code seq}, or {@code null}. */
    String answeredBy(String runId, int seq);

    /** A number that grows whenever something a follower of {@code runId} shows changes. */
    long version(String runId);

    /**
     * A number that grows whenever {@code runId}'s journal may have changed as far as this process knows (an
     * attempt began, a step was recorded or answered, the run ended), but not with each streamed delta: a follower
     * reads the journal again when it moves (and at least every few hundred milliseconds), not per token. The
     * default is {@link #version}, which moves with every change.
     */
    default long recordsVersion(String runId) {
        return version(runId);
    }

    /** Waits until {@link #version} passes {@code seen}, or {@code max} elapsed. */
    void await(String runId, long seen, Duration max) throws InterruptedException;

    /**
     * A snapshot of a streaming model step.
     *
     * @param seq its position in the run
     * @param name its step name
     * @param attempt its attempt's id, unique across processes
     * @param sent the events of the request it sent
     * @param starts each started part as it began, by index
     * @param contents each started part's text (or argument JSON) so far, by index
     */
    record LiveStep(
            int seq,
            String name,
            String attempt,
            List<AgentEvent> sent,
            List<ResponsePart> starts,
            List<String> contents) {
        public LiveStep {
            sent = List.copyOf(sent);
            starts = List.copyOf(starts);
            contents = List.copyOf(contents);
        }
    }
}

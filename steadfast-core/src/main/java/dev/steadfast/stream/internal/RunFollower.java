package dev.steadfast.stream.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.SteadfastException;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.ResponsePart;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ThinkingPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.model.ModelStreamEvent;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepKind;
import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import dev.steadfast.stream.AgentEvent;
import dev.steadfast.stream.EventStream;
import dev.steadfast.stream.RunEvent;
import dev.steadfast.stream.StreamCursor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Follows one durable run for one subscriber, on a thread of its own: each round it reads the live
 * step, then the run and its history when more than a delta changed (in that order, so nothing recorded
 * between the reads is skipped),
 * delivers every event after its cursor, and waits for a change. The events of a recorded model step
 * are made from its journal entry, those of the step in flight from {@link LiveSteps}; both the same
 * way ({@link StepEvents}), so the cursor means the same in either. The subscriber's reading pace only
 * slows this thread: a run never waits for a follower, and a follower that fell behind finds the
 * deltas it missed joined in the next snapshot.
 */
public final class RunFollower {
    private static final Duration SAFETY_POLL = Duration.ofMillis(500);
    /** The attempt name of a step delivered from its record, not from a live attempt. */
    private static final String JOURNAL = "j";

    private final String runId;
    private final Supplier<RunInfo> describe;
    private final Supplier<List<StepRecord>> history;
    private final LiveSteps live;
    private final EventQueue<RunEvent> queue;
    private StreamCursor cursor;
    private Thread thread;
    /** The live step as this round read it. */
    private LiveSteps.LiveStep now;
    /** The text this follower delivered of each part of the step and attempt it delivered last. */
    private final List<StringBuilder> shown = new ArrayList<>();

    private int shownStep = -1;
    private String shownAttempt = "";

    private RunFollower(
            String runId,
            StreamCursor from,
            Supplier<RunInfo> describe,
            Supplier<List<StepRecord>> history,
            LiveSteps live) {
        this.runId = runId;
        this.cursor = from;
        this.describe = describe;
        this.history = history;
        this.live = live;
        this.queue = new EventQueue<>("subscription to run " + runId, EventQueue.CAPACITY, this::stop);
    }

    /** Starts following {@code runId} from {@code from}; closing the stream ends the subscription (not the run). */
    public static EventStream<RunEvent> start(
            String runId,
            StreamCursor from,
            Supplier<RunInfo> describe,
            Supplier<List<StepRecord>> history,
            LiveSteps live) {
        var f = new RunFollower(runId, from, describe, history, live);
        f.thread = Thread.ofVirtual().name("steadfast-follow-" + runId).start(f::follow);
        return f.queue;
    }

    private void stop() {
        thread.interrupt();
    }

    private void follow() {
        try {
            RunInfo info = null;
            List<StepRecord> steps = List.of();
            Map<Integer, ModelResponse> responses = new HashMap<>(); // of the steps as last read, parsed once
            long recordsRead = 0;
            long readAt = 0;
            while (true) {
                long seen = live.version(runId);
                long records = live.recordsVersion(runId);
                now = live.current(runId);
                // a delta changes only the live step: the run and its journal are read again when something else
                // changed, or after a while (a change this process does not hear of), not once per token
                if (info == null || records != recordsRead || System.nanoTime() - readAt >= SAFETY_POLL.toNanos()) {
                    info = describe.get();
                    steps = history.get();
                    responses.clear();
                    recordsRead = records;
                    readAt = System.nanoTime();
                }
                int recorded = 0;
                for (StepRecord r : steps) {
                    recorded = Math.max(recorded, r.seq());
                    if (r.kind() != StepKind.MODEL) {
                        continue;
                    }
                    if (r.status() == StepStatus.COMPLETED) {
                        ModelResponse response = responses.get(r.seq());
                        if (response == null) {
                            response = Messages.mapper().treeToValue(r.output(), ModelResponse.class);
                            responses.put(r.seq(), response);
                        }
                        String attempt = live.answeredBy(runId, r.seq());
                        if (attempt == null && now != null && now.seq() == r.seq()) {
                            // recorded a moment ago, before the hub marked who answered: the attempt in flight did
                            attempt = now.attempt();
                        }
                        var parts = new ArrayList<ResponsePart>();
                        var contents = new ArrayList<String>();
                        ModelStreamEvent.emitWhole(response, e -> {
                            switch (e) {
                                case ModelStreamEvent.PartStart s -> parts.add(s.part());
                                case ModelStreamEvent.TextDelta d -> contents.add(d.text());
                                case ModelStreamEvent.ThinkingDelta d -> contents.add(d.text());
                                case ModelStreamEvent.ToolCallDelta d -> contents.add(d.argumentsJson());
                            }
                        });
                        step(
                                r.seq(),
                                r.name(),
                                attempt == null ? JOURNAL : attempt,
                                StepEvents.sentBy(r.input()),
                                parts,
                                contents,
                                StepEvents.received(response, r.usage()));
                    } else if (now != null && now.seq() == r.seq()) {
                        step(now.seq(), now.name(), now.attempt(), now.sent(), now.starts(), now.contents(), null);
                    }
                }
                if (now != null && now.seq() > recorded) {
                    step(now.seq(), now.name(), now.attempt(), now.sent(), now.starts(), now.contents(), null);
                }
                if (info.status() == RunStatus.COMPLETED) {
                    if (cursor.step() != StreamCursor.END) {
                        emit(new RunEvent(
                                new StreamCursor(StreamCursor.END, "-", 0, List.of(), 1),
                                null,
                                new AgentEvent.FinalResult(outputOf(info.output()))));
                    }
                    queue.end();
                    return;
                }
                if (info.status() == RunStatus.FAILED || info.status() == RunStatus.CANCELLED) {
                    queue.fail(new SteadfastException("Run '" + runId + "' ended " + info.status()
                            + (info.error() == null ? "" : ": " + info.error().message())));
                    return;
                }
                live.await(runId, seen, SAFETY_POLL);
            }
        } catch (InterruptedException e) {
            queue.end(); // closed by its reader
        } catch (RuntimeException | JsonProcessingException e) {
            if (!queue.isClosed()) {
                queue.fail(e);
            }
        }
    }

    /** An agent run's output (its result holds it beside the messages), or a workflow's result as it is. */
    private static JsonNode outputOf(JsonNode result) {
        return result != null && result.has("output") && result.has("messages") ? result.get("output") : result;
    }

    /** Delivers the events of one model step that lie after the cursor. */
    private void step(
            int seq,
            String name,
            String attempt,
            List<AgentEvent> sent,
            List<ResponsePart> starts,
            List<String> contents,
            List<AgentEvent> received) {
        StreamCursor c = cursor;
        if (c.step() > seq) {
            return;
        }
        int sentFrom = 0;
        int receivedFrom = 0;
        List<Integer> delivered = List.of();
        if (c.step() == seq) {
            sentFrom = c.sent();
            receivedFrom = c.received();
            delivered = c.parts();
            if (received != null && receivedFrom > 0) {
                // events after the response come only once it is recorded: the subscriber holds it whole, whoever
                // answered
                for (int i = receivedFrom; i < received.size(); i++) {
                    emit(new RunEvent(
                            new StreamCursor(seq, c.attempt(), c.sent(), c.parts(), i + 1), name, received.get(i)));
                }
                return;
            }
            if (received != null && c.attempt().equals(JOURNAL)) {
                attempt = JOURNAL; // what it was delivered of this step is the record's own text
            }
            boolean other = !c.attempt().equals(attempt);
            if (!delivered.isEmpty() && (other || received != null && !continues(seq, attempt, starts, contents))) {
                if (!other) {
                    attempt = JOURNAL; // the record again, under a name its cursors have not had
                }
                emit(new RunEvent(
                        new StreamCursor(seq, attempt, sentFrom, List.of(), 0),
                        name,
                        new AgentEvent.AttemptDiscarded(seq)));
                delivered = List.of();
                receivedFrom = 0;
            }
        }
        if (!attempt.equals(shownAttempt) || seq != shownStep) {
            shownStep = seq;
            shownAttempt = attempt;
            shown.clear();
        }
        for (int i = sentFrom; i < sent.size(); i++) {
            emit(new RunEvent(new StreamCursor(seq, attempt, i + 1, delivered, receivedFrom), name, sent.get(i)));
        }
        var chars = new ArrayList<>(delivered);
        int sentAll = Math.max(sentFrom, sent.size());
        for (int p = 0; p < starts.size(); p++) {
            if (p >= chars.size()) {
                chars.add(0);
                emit(new RunEvent(
                        new StreamCursor(seq, attempt, sentAll, chars, receivedFrom),
                        name,
                        new AgentEvent.PartStarted(p, starts.get(p))));
            }
            String content = contents.get(p);
            if (content.length() > chars.get(p)) {
                String more = content.substring(chars.get(p));
                chars.set(p, content.length());
                AgentEvent delta = switch (starts.get(p)) {
                    case TextPart t -> new AgentEvent.TextDelta(p, more);
                    case ThinkingPart t -> new AgentEvent.ThinkingDelta(p, more);
                    default -> new AgentEvent.ToolCallDelta(p, more);
                };
                emit(new RunEvent(new StreamCursor(seq, attempt, sentAll, chars, receivedFrom), name, delta));
                while (shown.size() <= p) {
                    shown.add(new StringBuilder());
                }
                shown.get(p).append(more);
            }
        }
        if (received != null) {
            for (int i = receivedFrom; i < received.size(); i++) {
                emit(new RunEvent(new StreamCursor(seq, attempt, sentAll, chars, i + 1), name, received.get(i)));
            }
        }
    }

    /**
     * Whether the recorded parts of step {@code seq} go on from what the cursor delivered of them live: the text
     * delivered must be where the record begins. A model streams a tool call's arguments as raw JSON, which the
     * record holds re-written (escapes, spacing), so a count of characters delivered live may cut the recorded
     * text anywhere; an unknown prefix of a tool call is never trusted.
     */
    private boolean continues(int seq, String attempt, List<ResponsePart> starts, List<String> contents) {
        List<Integer> delivered = cursor.parts();
        if (delivered.size() > contents.size()) {
            return false;
        }
        for (int p = 0; p < delivered.size(); p++) {
            int d = delivered.get(p);
            String content = contents.get(p);
            if (d == 0 || attempt.equals(JOURNAL) && d <= content.length()) {
                continue; // nothing delivered, or the record's own text
            }
            String prefix = prefixShown(seq, attempt, p, d);
            if (prefix == null
                    ? d > content.length() || starts.get(p) instanceof ToolCallPart
                    : !content.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }

    /** The first {@code chars} characters of part {@code p} as delivered live, when this follower knows them. */
    private String prefixShown(int seq, String attempt, int p, int chars) {
        String known = null;
        if (seq == shownStep && attempt.equals(shownAttempt) && p < shown.size()) {
            known = shown.get(p).toString();
        } else if (now != null
                && now.seq() == seq
                && now.attempt().equals(attempt)
                && p < now.contents().size()) {
            known = now.contents().get(p);
        }
        return known == null || known.length() < chars ? null : known.substring(0, chars);
    }

    private void emit(RunEvent event) {
        queue.put(event);
        cursor = event.cursor();
    }
}

package dev.steadfast.temporal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.message.Messages;
import dev.steadfast.run.AttemptRecord;
import dev.steadfast.run.ErrorInfo;
import dev.steadfast.run.StepKind;
import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import dev.steadfast.workflow.spi.ChildIds;
import dev.steadfast.workflow.spi.StepMetrics;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.MarkerRecordedEventAttributes;
import io.temporal.common.converter.DataConverter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a Temporal history into {@link StepRecord}s: regular activities (agent model/tool calls),
 * local-activity markers ({@code ctx.step}, compensations), side-effect markers (consumed signals,
 * approval decisions) and timers with a {@code sleep #n} summary. Checkpoint timers, version
 * markers and Temporal's own events are not steps. Each record's seq is the one the workflow wrote
 * into the history, so records are in the order the code reached them.
 */
public final class HistoryDecoder {
    private static final String LOCAL_ACTIVITY_MARKER = "LocalActivity";
    private static final String SIDE_EFFECT_MARKER = "SideEffect";

    private final DataConverter converter;
    private final Map<Long, Builder> byEventId = new HashMap<>();
    private final List<Builder> records = new ArrayList<>();
    /** The child runs in flight, by seq. */
    private final Map<Integer, Builder> children = new HashMap<>();

    private HistoryDecoder(DataConverter converter) {
        this.converter = converter;
    }

    /**
     * The steps of a run continued as new: each execution's ({@link RunChain#histories}) in turn, ordered by seq.
     * The steps an execution replayed from what it carried are not in its history, so none appears twice.
     */
    public static List<StepRecord> decodeChain(List<List<HistoryEvent>> chain, DataConverter converter) {
        var all = new ArrayList<StepRecord>();
        chain.forEach(events -> all.addAll(decode(events, converter)));
        all.sort(Comparator.comparingInt(StepRecord::seq));
        return all;
    }

    /** The steps recorded in {@code events}, ordered by seq. */
    public static List<StepRecord> decode(List<HistoryEvent> events, DataConverter converter) {
        var d = new HistoryDecoder(converter);
        events.forEach(d::accept);
        return d.records.stream()
                .sorted(Comparator.comparingInt(b -> b.seq))
                .map(Builder::build)
                .toList();
    }

    private void accept(HistoryEvent e) {
        var time = e.getEventTime();
        Instant at = Instant.ofEpochSecond(time.getSeconds(), time.getNanos());
        switch (e.getEventType()) {
            case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
                Wire.StepInput in =
                        first(e.getActivityTaskScheduledEventAttributes().getInput(), Wire.StepInput.class);
                if (in != null) {
                    add(e.getEventId(), new Builder(in.seq(), in.name(), in.kind(), in.input(), at));
                }
            }
            case EVENT_TYPE_ACTIVITY_TASK_STARTED ->
                with(e.getActivityTaskStartedEventAttributes().getScheduledEventId(), b -> {
                    var a = e.getActivityTaskStartedEventAttributes();
                    b.attempts = a.getAttempt();
                    if (a.hasLastFailure()) {
                        b.failed.add(new AttemptRecord(a.getAttempt() - 1, error(a.getLastFailure()), null, at));
                    }
                });
            case EVENT_TYPE_ACTIVITY_TASK_COMPLETED ->
                with(e.getActivityTaskCompletedEventAttributes().getScheduledEventId(), b -> {
                    Wire.StepResult r =
                            first(e.getActivityTaskCompletedEventAttributes().getResult(), Wire.StepResult.class);
                    b.complete(r, at);
                });
            case EVENT_TYPE_ACTIVITY_TASK_FAILED ->
                with(
                        e.getActivityTaskFailedEventAttributes().getScheduledEventId(),
                        b -> b.fail(e.getActivityTaskFailedEventAttributes().getFailure(), at));
            case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT ->
                with(
                        e.getActivityTaskTimedOutEventAttributes().getScheduledEventId(),
                        b -> b.fail(
                                error(e.getActivityTaskTimedOutEventAttributes().getFailure()), at));
            case EVENT_TYPE_TIMER_STARTED -> {
                var a = e.getTimerStartedEventAttributes();
                String summary = e.hasUserMetadata() && e.getUserMetadata().hasSummary()
                        ? converter.fromPayload(e.getUserMetadata().getSummary(), String.class, String.class)
                        : "";
                if (summary.startsWith(Wire.SLEEP_SUMMARY)) {
                    int seq = Integer.parseInt(summary.substring(Wire.SLEEP_SUMMARY.length()));
                    var timeout = a.getStartToFireTimeout();
                    Duration d = Duration.ofSeconds(timeout.getSeconds(), timeout.getNanos());
                    var b = new Builder(seq, "sleep", StepKind.SLEEP, Messages.toTree(d.toString()), at);
                    b.status = StepStatus.WAITING;
                    add(e.getEventId(), b);
                }
            }
            case EVENT_TYPE_TIMER_FIRED ->
                with(e.getTimerFiredEventAttributes().getStartedEventId(), b -> b.complete((JsonNode) null, at));
            case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED -> {
                // a child run in flight: its step ({@link ChildWorkflows}) is recorded when it ends
                var a = e.getStartChildWorkflowExecutionInitiatedEventAttributes();
                String id = a.getWorkflowId();
                String name = e.hasUserMetadata() && e.getUserMetadata().hasSummary()
                        ? converter.fromPayload(e.getUserMetadata().getSummary(), String.class, String.class)
                        : a.getWorkflowType().getName();
                int seq = ChildIds.seq(id);
                var b = new Builder(seq, name, StepKind.CHILD, first(a.getInput(), JsonNode.class), at);
                b.status = StepStatus.WAITING;
                children.put(seq, b);
                records.add(b);
            }
            case EVENT_TYPE_MARKER_RECORDED -> marker(e.getMarkerRecordedEventAttributes(), at);
            default -> {}
        }
    }

    private void marker(MarkerRecordedEventAttributes m, Instant at) {
        if (LOCAL_ACTIVITY_MARKER.equals(m.getMarkerName())) {
            Wire.StepInput in = first(m.getDetailsMap().get("input"), Wire.StepInput.class);
            if (in == null) {
                return;
            }
            JsonNode meta = first(m.getDetailsMap().get("meta"), JsonNode.class);
            long firstScheduled = meta == null ? 0 : meta.path("firstSkd").asLong(0);
            var b = new Builder(
                    in.seq(),
                    in.name(),
                    in.kind(),
                    in.input(),
                    firstScheduled > 0 ? Instant.ofEpochMilli(firstScheduled) : at);
            b.attempts = meta == null ? 1 : Math.max(1, meta.path("atpt").asInt(1));
            Builder open = in.kind() == StepKind.CHILD ? children.remove(in.seq()) : null;
            records.removeIf(r -> r == open); // the child ended: this is its step
            if (m.hasFailure()) {
                b.fail(m.getFailure(), at);
                b.attempts = Math.max(b.attempts, attemptsOf(m.getFailure()));
            } else {
                Wire.StepResult r = first(m.getDetailsMap().get("result"), Wire.StepResult.class);
                b.complete(r, at);
            }
            records.add(b);
        } else if (SIDE_EFFECT_MARKER.equals(m.getMarkerName())) {
            Wire.WaitResult w = first(m.getDetailsMap().get("data"), Wire.WaitResult.class);
            if (w != null && w.kind() != null) {
                var b = new Builder(w.seq(), w.name(), w.kind(), null, at);
                b.complete(w.timedOut() ? null : w.value(), at);
                records.add(b);
            }
        }
    }

    /** The failed attempts the worker recorded with a step's final failure (details[1]), or none. */
    private List<AttemptRecord> failedAttemptsOf(Failure f) {
        AttemptRecord[] records = detail(f, 1, AttemptRecord[].class);
        return records == null ? List.of() : List.of(records);
    }

    /** Detail {@code index} of the application failure in {@code f}, or {@code null} when it has none such. */
    private <T> T detail(Failure f, int index, Class<T> type) {
        Failure cur = f;
        while (!cur.hasApplicationFailureInfo() && cur.hasCause()) {
            cur = cur.getCause();
        }
        if (!cur.hasApplicationFailureInfo()
                || cur.getApplicationFailureInfo().getDetails().getPayloadsCount() <= index) {
            return null;
        }
        try {
            return converter.fromPayloads(
                    index, Optional.of(cur.getApplicationFailureInfo().getDetails()), type, type);
        } catch (RuntimeException notOurs) {
            return null;
        }
    }

    private int attemptsOf(Failure f) {
        if (f.hasApplicationFailureInfo() && f.getApplicationFailureInfo().hasDetails()) {
            Integer n = first(f.getApplicationFailureInfo().getDetails(), Integer.class);
            return n == null ? 1 : n;
        }
        return 1;
    }

    private ErrorInfo error(Failure f) {
        // An activity's failure wraps ours: the innermost application failure names the original exception.
        Failure cur = f;
        while (!cur.hasApplicationFailureInfo() && cur.hasCause()) {
            cur = cur.getCause();
        }
        String type = cur.hasApplicationFailureInfo()
                ? cur.getApplicationFailureInfo().getType()
                : cur.hasTimeoutFailureInfo()
                        ? java.util.concurrent.TimeoutException.class.getName()
                        : cur.hasCanceledFailureInfo()
                                ? dev.steadfast.error.CancelledException.class.getName()
                                : "io.temporal.failure." + cur.getFailureInfoCase();
        return new ErrorInfo(type, cur.getMessage(), cur.getStackTrace().isEmpty() ? null : cur.getStackTrace());
    }

    private <T> T first(Payloads payloads, Class<T> type) {
        if (payloads == null || payloads.getPayloadsCount() == 0) {
            return null;
        }
        try {
            return converter.fromPayloads(0, Optional.of(payloads), type, type);
        } catch (RuntimeException notOurs) {
            if (PayloadEncodings.codecEncoding(payloads) != null) {
                // a codec this engine lacks wrote it: every step would go missing
                throw PayloadEncodings.explain(notOurs, payloads);
            }
            return null; // a payload some other code wrote: not a Steadfast step
        }
    }

    private void add(long eventId, Builder b) {
        byEventId.put(eventId, b);
        records.add(b);
    }

    private void with(long eventId, java.util.function.Consumer<Builder> update) {
        Builder b = byEventId.get(eventId);
        if (b != null) {
            update.accept(b);
        }
    }

    /** A record being assembled from its events. */
    final class Builder {
        final int seq;
        final String name;
        final StepKind kind;
        final JsonNode input;
        final Instant startedAt;
        final List<AttemptRecord> failed = new ArrayList<>();
        StepStatus status = StepStatus.RUNNING;
        int attempts = 1;
        JsonNode output;
        ErrorInfo error;
        Instant endedAt;
        StepMetrics metrics;

        Builder(int seq, String name, StepKind kind, JsonNode input, Instant startedAt) {
            this.seq = seq;
            this.name = name;
            this.kind = kind;
            this.input = input;
            this.startedAt = startedAt;
        }

        void complete(JsonNode value, Instant at) {
            status = StepStatus.COMPLETED;
            output = value;
            endedAt = at;
        }

        void complete(Wire.StepResult r, Instant at) {
            complete(r == null ? null : r.value(), at);
            metrics = r == null ? null : r.metrics();
            if (r != null && failed.size() < r.failedAttempts().size()) {
                failed.clear(); // the worker's own record is complete; Temporal keeps at most the last failure
                failed.addAll(r.failedAttempts());
            }
        }

        void fail(Failure f, Instant at) {
            fail(error(f), at);
            metrics = detail(f, 2, StepMetrics.class); // what a child run that failed used ({@code Steps.SpentFailure})
            List<AttemptRecord> recorded = failedAttemptsOf(f);
            if (failed.size() < recorded.size()) {
                failed.clear();
                failed.addAll(recorded);
            }
        }

        void fail(ErrorInfo e, Instant at) {
            status = StepStatus.FAILED;
            error = e;
            endedAt = at;
        }

        StepRecord build() {
            return new StepRecord(
                    seq,
                    name,
                    kind,
                    status,
                    attempts,
                    input,
                    output,
                    error,
                    failed,
                    startedAt,
                    endedAt,
                    metrics == null ? null : metrics.usage(),
                    metrics == null ? null : metrics.cost());
        }
    }
}

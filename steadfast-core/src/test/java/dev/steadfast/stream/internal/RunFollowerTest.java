package dev.steadfast.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.message.Messages;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.ResponsePart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepKind;
import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import dev.steadfast.stream.AgentEvent;
import dev.steadfast.stream.RunEvent;
import dev.steadfast.stream.StreamCursor;
import dev.steadfast.usage.Usage;
import dev.steadfast.workflow.spi.Conversations;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A follower's events from a recorded step, resumed from a cursor: what a subscriber puts together is the record. */
class RunFollowerTest {
    private static final String RAW_ARGS = "{\"q\": \"caf\\u00e9 \\\"cr\\u00e8me\\\" \uD83D\uDE00\", \"n\": 2}";
    private static final ToolCallPart CALL = ToolCallPart.of("search", "c1", RAW_ARGS);

    private static RunInfo completed() {
        return run(RunStatus.COMPLETED);
    }

    /** Run "r" of type "agent" with {@code status}: when completed, its output is "done". */
    static RunInfo run(RunStatus status) {
        Instant t = Instant.EPOCH;
        boolean done = status == RunStatus.COMPLETED;
        return new RunInfo(
                "r",
                "agent",
                status,
                t,
                t,
                done ? t : null,
                null,
                done ? Messages.mapper().getNodeFactory().textNode("done") : null,
                null,
                List.of(),
                null,
                List.of(),
                1,
                Usage.NONE,
                BigDecimal.ZERO,
                null);
    }

    /** The step's input: it sends back the result of an earlier call, so its events begin with that. */
    private static final com.fasterxml.jackson.databind.JsonNode INPUT = Messages.mapper()
            .createObjectNode()
            .set(
                    Conversations.MESSAGES,
                    Messages.toJsonTree(List.of(ModelRequest.of(ToolReturnPart.of("search", "c0", "found")))));

    private static StepRecord recorded(ModelResponse response) {
        return new StepRecord(
                1,
                "a.model",
                StepKind.MODEL,
                StepStatus.COMPLETED,
                1,
                INPUT,
                Messages.mapper().valueToTree(response),
                null,
                List.of(),
                Instant.EPOCH,
                Instant.EPOCH,
                Usage.NONE,
                BigDecimal.ZERO);
    }

    /** A live view that still holds the step as attempt {@code p.1} streamed it and says that attempt answered it. */
    private static LiveSteps streamedBy(String attempt, List<ResponsePart> starts, List<String> contents) {
        var step = new LiveSteps.LiveStep(1, "a.model", attempt, List.of(), starts, contents);
        return new LiveSteps() {
            @Override
            public LiveStep current(String runId) {
                return step;
            }

            @Override
            public String answeredBy(String runId, int seq) {
                return attempt;
            }

            @Override
            public long version(String runId) {
                return 1;
            }

            @Override
            public void await(String runId, long seen, Duration max) {}
        };
    }

    private static List<RunEvent> follow(StreamCursor from, LiveSteps live, ModelResponse response) {
        var events = new ArrayList<RunEvent>();
        try (var stream =
                RunFollower.start("r", from, RunFollowerTest::completed, () -> List.of(recorded(response)), live)) {
            stream.forEach(events::add);
        }
        return events;
    }

    @Test
    void toolArgumentsResumedFromARawLiveCountAddUpToTheRecordedArguments() {
        ModelResponse response = ModelResponse.of(CALL);
        String start = ToolCallPart.of("search", "c1", "{}").argsAsJson();
        int seen = RAW_ARGS.indexOf("\\u00e8") + 3; // inside an escape the record writes as one character
        var live = streamedBy(
                "p.1", List.of(ToolCallPart.of("search", "c1", "{}")), List.of(RAW_ARGS.substring(0, seen + 5)));

        List<RunEvent> events = follow(new StreamCursor(1, "p.1", 1, List.of(seen), 0), live, response);

        var args = new StringBuilder(RAW_ARGS.substring(0, seen));
        for (RunEvent e : events) {
            switch (e.event()) {
                case AgentEvent.AttemptDiscarded d -> args.setLength(0);
                case AgentEvent.ToolCallDelta d -> args.append(d.argumentsJson());
                default -> {}
            }
        }
        assertThat(start).isEqualTo("{}");
        assertThat(args.toString()).isEqualTo(CALL.argsAsJson());
        assertThat(events)
                .extracting(e -> e.cursor().toString())
                .as("none of the cursors the subscriber had (its tool result, the part's start)")
                .doesNotContain("1/p.1/1//0", "1/p.1/1/0/0")
                .doesNotHaveDuplicates();
    }

    @Test
    void toolArgumentsStreamedAsRecordedGoOnWithoutADiscard() {
        ModelResponse response = ModelResponse.of(CALL);
        String recorded = CALL.argsAsJson();
        var live = streamedBy("p.1", List.of(ToolCallPart.of("search", "c1", "{}")), List.of(recorded));

        List<RunEvent> events = follow(new StreamCursor(1, "p.1", 1, List.of(7), 0), live, response);

        assertThat(events.getFirst().event()).isEqualTo(new AgentEvent.ToolCallDelta(0, recorded.substring(7)));
    }

    @Test
    void toolArgumentsDeliveredFromTheRecordGoOnFromTheRecordWithoutADiscard() {
        ModelResponse response = ModelResponse.of(CALL);
        String recorded = CALL.argsAsJson();

        List<RunEvent> events = follow(new StreamCursor(1, "j", 1, List.of(7), 0), LiveSteps.NONE, response);

        assertThat(events.getFirst().event()).isEqualTo(new AgentEvent.ToolCallDelta(0, recorded.substring(7)));
        assertThat(events).noneMatch(e -> e.event() instanceof AgentEvent.AttemptDiscarded);
    }

    @Test
    void aCursorJustAfterACompletedStepGetsOnlyWhatFollowsIt() {
        ModelResponse response = ModelResponse.of(CALL);
        // the subscriber watched the step live in a process that is gone: its attempt is unknown here
        var after =
                new StreamCursor(1, "dead0001.1", 1, List.of(CALL.argsAsJson().length()), 2);

        List<RunEvent> events = follow(after, LiveSteps.NONE, response);

        assertThat(events).extracting(e -> e.event().getClass().getSimpleName()).containsExactly("FinalResult");
    }

    @Test
    void aCursorBetweenTheToolCallsAndTheUsageOfARecordedStepGetsTheUsageOnly() {
        ModelResponse response = ModelResponse.of(CALL);
        var between =
                new StreamCursor(1, "dead0001.1", 1, List.of(CALL.argsAsJson().length()), 1);

        List<RunEvent> events = follow(between, LiveSteps.NONE, response);

        assertThat(events)
                .extracting(e -> e.event().getClass().getSimpleName())
                .containsExactly("ModelUsage", "FinalResult");
    }
}

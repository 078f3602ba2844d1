package dev.steadfast.anthropic;

import static dev.steadfast.anthropic.AnthropicModelTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.anthropic.internal.MessagesWire;
import dev.steadfast.message.FinishReason;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ThinkingPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.model.ModelException;
import dev.steadfast.model.ModelRefusalException;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.ModelStreamEvent;
import dev.steadfast.model.ModelStreamEvent.PartStart;
import dev.steadfast.model.ModelStreamEvent.TextDelta;
import dev.steadfast.model.ModelStreamEvent.ThinkingDelta;
import dev.steadfast.model.ModelStreamEvent.ToolCallDelta;
import dev.steadfast.model.ModelTimeoutException;
import dev.steadfast.model.RateLimitedException;
import dev.steadfast.testing.http.WireServer;
import dev.steadfast.testing.http.WireServer.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Streamed Messages API answers replayed from recorded transcripts (the event shapes of Anthropic's
 * streaming API: {@code message_start}, block starts, deltas and stops, {@code ping},
 * {@code message_delta}, {@code message_stop}, {@code error}): the events arrive in order and the
 * answer equals the blocking one for the same reply.
 */
class AnthropicStreamTest {
    private static final List<Message> PROMPT = List.of(ModelRequest.user("Weather in Paris and Rome?"));
    private final WireServer server = WireServer.start();
    private final List<ModelStreamEvent> events = new ArrayList<>();

    @AfterEach
    void stop() {
        server.close();
    }

    private AnthropicModel model() {
        return AnthropicModel.builder()
                .baseUrl(server.url())
                .apiKey(AnthropicModelTest.KEY)
                .model("claude-sonnet-4-5")
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    private static Reply sse(String transcript) {
        return Reply.raw(200, "text/event-stream", fixture(transcript));
    }

    /** Streams the transcripts, then asks the blocking path with the JSON answers; both responses. */
    private List<ModelResponse> streamedAndBlocking(List<String> transcripts, List<String> blocking, ModelSettings s) {
        transcripts.forEach(t -> server.enqueue(sse(t)));
        blocking.forEach(b -> server.enqueue(Reply.json(200, fixture(b))));
        var model = model();
        ModelResponse streamed = model.requestStream(PROMPT, s, null, events::add);
        for (int i = 0; i < transcripts.size(); i++) {
            JsonNode sent = server.takeRequest().json();
            AnthropicRequestShape.assertValid(sent);
            assertThat(sent.path("stream").asBoolean()).isTrue();
        }
        ModelResponse whole = model.request(PROMPT, s, null);
        return List.of(streamed, whole);
    }

    @Test
    void recordedEventsNameTheirOwnType() {
        for (String t : List.of(
                "stream-text.sse",
                "stream-tools.sse",
                "stream-thinking-text.sse",
                "stream-refusal.sse",
                "stream-error.sse",
                "stream-pause-turn.sse",
                "stream-after-pause.sse")) {
            String[] lines = fixture(t).split("\n");
            for (int i = 0; i + 1 < lines.length; i++) {
                if (lines[i].startsWith("event: ")) {
                    JsonNode data = AnthropicModelTest.json(lines[i + 1].substring("data: ".length()));
                    assertThat(data.path("type").asText()).as(t).isEqualTo(lines[i].substring("event: ".length()));
                }
            }
        }
    }

    @Test
    void textArrivesDeltaByDeltaPastPingsAndEndsAsTheBlockingAnswer() {
        List<ModelResponse> both = streamedAndBlocking(List.of("stream-text.sse"), List.of("response-text.json"), null);

        assertThat(both.get(0)).isEqualTo(both.get(1));
        assertThat(both.get(0).usage().outputTokens())
                .as("message_delta's total, not message_start's")
                .isEqualTo(503);
        assertThat(events)
                .containsExactly(
                        new PartStart(0, TextPart.of("")),
                        new TextDelta(0, "Paris is"),
                        new TextDelta(0, " sunny;"),
                        new TextDelta(0, " Rome is cloudy."));
    }

    @Test
    void thinkingSignaturesRedactedThinkingAndParallelToolInputsEndAsTheBlockingAnswer() {
        List<ModelResponse> both =
                streamedAndBlocking(List.of("stream-tools.sse"), List.of("response-tools.json"), null);

        assertThat(both.get(0)).isEqualTo(both.get(1));
        assertThat(both.get(0).finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(((ThinkingPart) both.get(0).parts().getFirst()).signature())
                .isEqualTo("EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds");
        assertThat(events)
                .containsExactly(
                        new PartStart(0, new ThinkingPart("", null, null)),
                        new ThinkingDelta(0, "The user asks about two cities;"),
                        new ThinkingDelta(0, " I can call the tool for both at once."),
                        new PartStart(
                                1,
                                new ThinkingPart(
                                        "",
                                        "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP",
                                        MessagesWire.REDACTED)),
                        new PartStart(2, TextPart.of("")),
                        new TextDelta(2, "I'll check"),
                        new TextDelta(2, " both cities."),
                        new PartStart(3, ToolCallPart.of("get_weather", "toolu_01A09q90qw90lq917835lq9", "{}")),
                        new ToolCallDelta(3, "{\"city\": "),
                        new ToolCallDelta(3, "\"Paris\"}"),
                        new PartStart(4, ToolCallPart.of("get_weather", "toolu_01B19r91rx91mr928946mr0", "{}")),
                        new ToolCallDelta(4, "{\"city\": \"Ro"),
                        new ToolCallDelta(4, "me\", \"unit\": \"c\"}"));
    }

    @Test
    void thinkingThenTextKeepsTheThinkingTokensOfTheFinalUsage() {
        ModelSettings thinking = ModelSettings.builder()
                .thinking(ModelSettings.Thinking.budget(2048))
                .build();
        List<ModelResponse> both = streamedAndBlocking(
                List.of("stream-thinking-text.sse"), List.of("response-thinking-text.json"), thinking);

        assertThat(both.get(0)).isEqualTo(both.get(1));
        assertThat(both.get(0).usage().reasoningTokens()).isEqualTo(61);
    }

    @Test
    void aPausedTurnIsContinuedStreamingWithPartIndexesFollowingOn() {
        List<ModelResponse> both = streamedAndBlocking(
                List.of("stream-pause-turn.sse", "stream-after-pause.sse"),
                List.of("response-pause-turn.json", "response-after-pause.json"),
                null);

        assertThat(both.get(0)).isEqualTo(both.get(1));
        assertThat(events)
                .containsExactly(
                        new PartStart(0, TextPart.of("")),
                        new TextDelta(0, "Let me search for that."),
                        new PartStart(1, TextPart.of("")),
                        new TextDelta(1, "Tomorrow Paris will be sunny,"),
                        new TextDelta(1, " 21 °C."));
    }

    @Test
    void aStreamedRefusalIsTheSameRefusalAsABlockingOne() {
        server.enqueue(sse("stream-refusal.sse"));

        var e = catchThrowableOfType(
                ModelRefusalException.class, () -> model().requestStream(PROMPT, null, null, events::add));

        assertThat(e.refusal()).isEqualTo("I can't help with that request.");
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void anOverloadedErrorMidStreamIsARetryableOverload() {
        server.enqueue(sse("stream-error.sse"));

        var e = catchThrowableOfType(
                RateLimitedException.class, () -> model().requestStream(PROMPT, null, null, events::add));

        assertThat(e.isRetryable()).isTrue();
        assertThat(e.status()).isEqualTo(529);
        assertThat(e.getMessage()).contains("Overloaded").contains("overloaded_error");
        assertThat(events).contains(new TextDelta(0, "Paris is"));
    }

    @Test
    void aRateLimitBeforeTheStreamIsTheBlockingPathsException() {
        String body =
                "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of requests exceeded\"}}";
        server.enqueue(Reply.json(429, body).header("retry-after", "3"));
        server.enqueue(Reply.json(429, body).header("retry-after", "3"));
        var model = model();

        var streamed = catchThrowableOfType(
                RateLimitedException.class, () -> model.requestStream(PROMPT, null, null, events::add));
        var blocking = catchThrowableOfType(RateLimitedException.class, () -> model.request(PROMPT, null, null));

        assertThat(streamed.retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(streamed.getMessage()).isEqualTo(blocking.getMessage());
    }

    @Test
    void aConnectionDroppedMidStreamIsRetryable() {
        server.enqueue(Reply.dropMidBody(fixture("stream-tools.sse")).header("Content-Type", "text/event-stream"));

        var e = catchThrowableOfType(
                ModelTimeoutException.class, () -> model().requestStream(PROMPT, null, null, events::add));

        assertThat(e.isRetryable()).isTrue();
        assertThat(events).isNotEmpty();
    }

    @Test
    void malformedToolInputOrEventDataFailsRetryably() {
        server.enqueue(Reply.raw(
                200, "text/event-stream", fixture("stream-tools.sse").replace("\\\"Paris\\\"}", "\\\"Paris\\\"")));
        server.enqueue(Reply.raw(
                200, "text/event-stream", fixture("stream-text.sse").replace("\"text\":\" sunny;\"}", "\"text\":")));
        var model = model();

        var badInput =
                catchThrowableOfType(ModelException.class, () -> model.requestStream(PROMPT, null, null, events::add));
        var badData =
                catchThrowableOfType(ModelException.class, () -> model.requestStream(PROMPT, null, null, events::add));

        assertThat(badInput.isRetryable()).isTrue();
        assertThat(badInput.getMessage()).contains("tool input that is not JSON");
        assertThat(badData.isRetryable()).isTrue();
        assertThat(badData.getMessage()).contains("not a JSON object");
    }

    @Test
    void aStreamWithoutMessageStopIsIncomplete() {
        server.enqueue(Reply.raw(
                200,
                "text/event-stream",
                fixture("stream-text.sse")
                        .replace("event: message_stop", "event: x")
                        .replace("{\"type\":\"message_stop\"}", "{\"type\":\"x\"}")));

        var e = catchThrowableOfType(
                ModelTimeoutException.class, () -> model().requestStream(PROMPT, null, null, events::add));

        assertThat(e.getMessage()).contains("message_stop");
    }
}

package dev.steadfast.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ThinkingPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.model.ModelHttpException;
import dev.steadfast.model.ModelRefusalException;
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
 * Streamed Responses API answers replayed from recorded transcripts (the event sequence of OpenAI's
 * streaming API, {@code response.created} to {@code response.completed}, every event checked against
 * OpenAI's {@code ResponseStreamEvent} schema): the events arrive in order and the answer equals the
 * blocking one for the same reply.
 */
class OpenAiResponsesStreamTest {
    private static final List<Message> PROMPT = List.of(ModelRequest.user("Weather in Paris and Rome?"));
    private final WireServer server = WireServer.start();
    private final List<ModelStreamEvent> events = new ArrayList<>();

    @AfterEach
    void stop() {
        server.close();
    }

    private OpenAiResponsesModel model() {
        return OpenAiResponsesModel.builder()
                .baseUrl(server.url() + "/v1")
                .apiKey("sk-test-0123456789abcdef")
                .model("gpt-4.1")
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    private List<ModelResponse> streamedAndBlocking(String transcript, String blocking) {
        server.enqueue(OpenAiChatStreamTest.sse(Fixtures.text(transcript)));
        server.enqueue(Reply.json(200, Fixtures.text(blocking)));
        var model = model();
        ModelResponse streamed = model.requestStream(PROMPT, null, Fixtures.toolParams(), events::add);
        ModelResponse whole = model.request(PROMPT, null, Fixtures.toolParams());
        JsonNode sent = server.takeRequest().json();
        OpenAiSpec.assertValid("CreateResponse", sent);
        assertThat(sent.path("stream").asBoolean()).isTrue();
        server.takeRequest();
        return List.of(streamed, whole);
    }

    @Test
    void recordedEventsAreWhatOpenAiDocuments() {
        for (String t : List.of(
                "responses-stream-text.sse",
                "responses-stream-tools.sse",
                "responses-stream-refusal.sse",
                "responses-stream-error.sse")) {
            for (String line : Fixtures.text(t).split("\n")) {
                if (line.startsWith("data: ")) {
                    OpenAiSpec.assertValidStreamEvent(Fixtures.schema(line.substring(6)));
                }
            }
        }
    }

    @Test
    void textArrivesDeltaByDeltaAndEndsAsTheBlockingAnswer() {
        List<ModelResponse> both = streamedAndBlocking("responses-stream-text.sse", "responses-response-text.json");

        assertThat(both.get(0)).isEqualTo(both.get(1));
        assertThat(events.getFirst()).isEqualTo(new PartStart(0, TextPart.of("")));
        assertThat(events.subList(1, events.size()))
                .extracting(e -> ((TextDelta) e).text())
                .containsExactly("Paris is s", "unny; Rome", " is cloudy", ".");
    }

    @Test
    void reasoningTextAndParallelCallsEndAsTheBlockingAnswer() {
        List<ModelResponse> both = streamedAndBlocking("responses-stream-tools.sse", "responses-response-tools.json");

        assertThat(both.get(0)).isEqualTo(both.get(1));
        assertThat(((ThinkingPart) both.get(0).parts().getFirst()).signature()).isEqualTo("gAAAAABoISQ24OyVRYbkYfukuB");
        assertThat(events)
                .filteredOn(PartStart.class::isInstance)
                .containsExactly(
                        new PartStart(0, new ThinkingPart("", null, "rs_67ccd3ab1b2c8190a1f2")),
                        new PartStart(1, TextPart.of("")),
                        new PartStart(2, ToolCallPart.of("get_weather", "call_12345xyz", "{}")),
                        new PartStart(3, ToolCallPart.of("get_weather", "call_67890abc", "{}")));
        assertThat(events).contains(new ThinkingDelta(0, "Two cities, "), new TextDelta(1, "Checking b"));
        StringBuilder rome = new StringBuilder();
        events.stream()
                .filter(e -> e instanceof ToolCallDelta d && d.index() == 3)
                .forEach(e -> rome.append(((ToolCallDelta) e).argumentsJson()));
        assertThat(rome).hasToString("{\"city\":\"Rome\",\"unit\":\"c\"}");
    }

    @Test
    void aStreamedRefusalIsTheSameRefusalAsABlockingOne() {
        server.enqueue(OpenAiChatStreamTest.sse(Fixtures.text("responses-stream-refusal.sse")));

        var e = catchThrowableOfType(
                ModelRefusalException.class, () -> model().requestStream(PROMPT, null, null, events::add));

        assertThat(e.refusal()).isEqualTo("I'm sorry, I can't help with that.");
    }

    @Test
    void anErrorEventMidStreamIsARetryableServerError() {
        server.enqueue(OpenAiChatStreamTest.sse(Fixtures.text("responses-stream-error.sse")));

        var e = catchThrowableOfType(
                ModelHttpException.class, () -> model().requestStream(PROMPT, null, null, events::add));

        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("server_error").contains("middle of a streamed answer");
        assertThat(events).contains(new TextDelta(0, "Paris is s"));
    }

    @Test
    void aFailedResponseEventFailsAsABlockingFailedResponse() {
        String failed =
                "event: response.failed\ndata: {\"type\":\"response.failed\",\"sequence_number\":1,\"response\":"
                        + "{\"status\":\"failed\",\"output\":[],\"error\":{\"code\":\"server_error\",\"message\":\"boom\"}}}\n\n";
        server.enqueue(OpenAiChatStreamTest.sse(failed));

        var e = catchThrowableOfType(
                dev.steadfast.model.ModelException.class, () -> model().requestStream(PROMPT, null, null, events::add));

        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("boom");
    }

    @Test
    void faultsBeforeAndDuringTheStreamAreTheBlockingPathsFaults() {
        server.enqueue(
                Reply.json(429, Fixtures.errorBody(429, "Rate limit reached")).header("Retry-After", "2"));
        server.enqueue(Reply.dropMidBody(Fixtures.text("responses-stream-tools.sse"))
                .header("Content-Type", "text/event-stream"));
        var model = model();

        var limited = catchThrowableOfType(
                RateLimitedException.class, () -> model.requestStream(PROMPT, null, null, events::add));
        var dropped = catchThrowableOfType(
                ModelTimeoutException.class, () -> model.requestStream(PROMPT, null, null, events::add));

        assertThat(limited.retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(dropped.isRetryable()).isTrue();
    }
}

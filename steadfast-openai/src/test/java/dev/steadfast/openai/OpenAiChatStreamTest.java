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
import dev.steadfast.model.ModelException;
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
 * Streamed Chat Completions replayed from recorded transcripts (in the chunk shapes of OpenAI's
 * streaming API: a role chunk, content or tool-call deltas, a finish chunk, the usage chunk,
 * {@code [DONE]}): the events arrive in order and the answer equals the blocking one for the same
 * reply; every request sent and every chunk replayed is checked against OpenAI's own schemas.
 */
class OpenAiChatStreamTest {
    private static final List<Message> PROMPT = List.of(ModelRequest.user("Weather in Paris and Rome?"));
    private final WireServer server = WireServer.start();
    private final List<ModelStreamEvent> events = new ArrayList<>();

    @AfterEach
    void stop() {
        server.close();
    }

    private OpenAiChatModel model() {
        return OpenAiChatModel.builder()
                .baseUrl(server.url() + "/v1")
                .apiKey("sk-test-0123456789abcdef")
                .model("gpt-4.1")
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    static Reply sse(String transcript) {
        return Reply.raw(200, "text/event-stream; charset=utf-8", transcript);
    }

    /** Streams {@code transcript}, then asks the blocking path with {@code blocking}; both answers. */
    private List<ModelResponse> streamedAndBlocking(String transcript, String blocking) {
        server.enqueue(sse(Fixtures.text(transcript)));
        server.enqueue(Reply.json(200, Fixtures.text(blocking)));
        var model = model();
        ModelResponse streamed = model.requestStream(PROMPT, null, Fixtures.toolParams(), events::add);
        ModelResponse whole = model.request(PROMPT, null, Fixtures.toolParams());
        JsonNode sent = server.takeRequest().json();
        OpenAiSpec.assertValid("CreateChatCompletionRequest", sent);
        assertThat(sent.path("stream").asBoolean()).isTrue();
        assertThat(sent.at("/stream_options/include_usage").asBoolean()).isTrue();
        assertThat(server.takeRequest().json().has("stream"))
                .as("the blocking request does not stream")
                .isFalse();
        return List.of(streamed, whole);
    }

    @Test
    void recordedChunksAreWhatOpenAiDocuments() {
        for (String transcript : List.of("chat-stream-text.sse", "chat-stream-tools.sse", "chat-stream-refusal.sse")) {
            for (String line : Fixtures.text(transcript).split("\n")) {
                if (line.startsWith("data: {")) {
                    OpenAiSpec.assertValid("CreateChatCompletionStreamResponse", Fixtures.schema(line.substring(6)));
                }
            }
        }
    }

    @Test
    void textArrivesDeltaByDeltaAndEndsAsTheBlockingAnswer() {
        List<ModelResponse> both = streamedAndBlocking("chat-stream-text.sse", "chat-response-text.json");

        assertThat(both.get(0)).isEqualTo(both.get(1));
        assertThat(both.get(0).usage().inputTokens()).isEqualTo(19);
        assertThat(events.getFirst()).isEqualTo(new PartStart(0, TextPart.of("")));
        assertThat(events.subList(1, events.size()))
                .extracting(e -> ((TextDelta) e).text())
                .containsExactly("Paris", " is", " sunny", ";", " Rome", " is", " cloudy", ".");
    }

    @Test
    void parallelToolCallsInterleaveByIndexAndEndAsTheBlockingAnswer() {
        List<ModelResponse> both = streamedAndBlocking("chat-stream-tools.sse", "chat-response-tools.json");

        assertThat(both.get(0)).isEqualTo(both.get(1));
        assertThat(both.get(0).usage().cacheReadTokens()).isEqualTo(1024);
        assertThat(events)
                .containsExactly(
                        new PartStart(0, ToolCallPart.of("get_weather", "call_p1", "{}")),
                        new ToolCallDelta(0, "{\"city\":"),
                        new PartStart(1, ToolCallPart.of("get_weather", "call_p2", "{}")),
                        new ToolCallDelta(1, "{\"city\":\"Rome\","),
                        new ToolCallDelta(0, "\"Paris\",\"unit\":null}"),
                        new ToolCallDelta(1, "\"unit\":\"c\"}"));
    }

    @Test
    void reasoningOfCompatibleServersStreamsAsThinkingOverCrLfLines() {
        server.enqueue(sse(Fixtures.text("chat-stream-reasoning.sse")));

        ModelResponse r = model().requestStream(PROMPT, null, null, events::add);

        assertThat(r.parts()).containsExactly(ThinkingPart.of("The user asks about Paris."), TextPart.of("Sunny."));
        assertThat(r.modelName()).isEqualTo("deepseek-reasoner");
        assertThat(r.usage().reasoningTokens()).isEqualTo(25);
        assertThat(events)
                .containsExactly(
                        new PartStart(0, ThinkingPart.of("")),
                        new ThinkingDelta(0, "The user asks "),
                        new ThinkingDelta(0, "about Paris."),
                        new PartStart(1, TextPart.of("")),
                        new TextDelta(1, "Sunny"),
                        new TextDelta(1, "."));
    }

    @Test
    void escapedTextAndOllamaStyleReasoningAreDecodedAsJacksonWould() {
        String chunk = "data: {\"model\":\"qwen3\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",%s},"
                + "\"finish_reason\":%s}]}\n\n";
        server.enqueue(sse(chunk.formatted("\"content\":\"\",\"reasoning\":\"Think \\u00e9\"", "null")
                + chunk.formatted("\"content\":\"caf\\u00e9 \\\"q\\\"\\n😀\"", "null")
                + chunk.formatted("\"content\":\"\"", "\"stop\"") + "data: [DONE]\n\n"));

        ModelResponse r = model().requestStream(PROMPT, null, null, events::add);

        assertThat(r.parts()).containsExactly(ThinkingPart.of("Think é"), TextPart.of("café \"q\"\n😀"));
        assertThat(r.modelName()).isEqualTo("qwen3");
        assertThat(events).contains(new TextDelta(1, "café \"q\"\n😀"));
    }

    @Test
    void aStreamedRefusalIsTheSameRefusalAsABlockingOne() {
        server.enqueue(sse(Fixtures.text("chat-stream-refusal.sse")));

        var e = catchThrowableOfType(
                ModelRefusalException.class, () -> model().requestStream(PROMPT, null, null, events::add));

        assertThat(e.refusal()).isEqualTo("I'm sorry, I can't help with that.");
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void anErrorInTheMiddleOfTheStreamIsARetryableServerError() {
        server.enqueue(sse(Fixtures.text("chat-stream-error.sse")));

        var e = catchThrowableOfType(
                ModelHttpException.class, () -> model().requestStream(PROMPT, null, null, events::add));

        assertThat(e.isRetryable()).isTrue();
        assertThat(e.status()).isEqualTo(500);
        assertThat(e.getMessage()).contains("middle of a streamed answer").contains("server_error");
        assertThat(events).contains(new TextDelta(0, "Paris is"));
    }

    @Test
    void aRateLimitBeforeTheStreamIsTheBlockingPathsException() {
        Reply limited =
                Reply.json(429, Fixtures.errorBody(429, "Rate limit reached")).header("Retry-After", "7");
        server.enqueue(limited);
        server.enqueue(
                Reply.json(429, Fixtures.errorBody(429, "Rate limit reached")).header("Retry-After", "7"));
        var model = model();

        var streamed = catchThrowableOfType(
                RateLimitedException.class, () -> model.requestStream(PROMPT, null, null, events::add));
        var blocking = catchThrowableOfType(RateLimitedException.class, () -> model.request(PROMPT, null, null));

        assertThat(streamed.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(streamed.getMessage()).isEqualTo(blocking.getMessage());
        assertThat(events).isEmpty();
    }

    @Test
    void aConnectionDroppedMidStreamIsRetryable() {
        server.enqueue(
                Reply.dropMidBody(Fixtures.text("chat-stream-text.sse")).header("Content-Type", "text/event-stream"));

        var e = catchThrowableOfType(
                ModelTimeoutException.class, () -> model().requestStream(PROMPT, null, null, events::add));

        assertThat(e.isRetryable()).isTrue();
        assertThat(events).as("what arrived before the drop was reported").isNotEmpty();
    }

    @Test
    void aChunkThatIsNotJsonFailsRetryablyAndNamesIt() {
        server.enqueue(sse("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n"
                + "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\n\ndata: [DONE]\n\n"));

        var e = catchThrowableOfType(
                ModelException.class, () -> model().requestStream(PROMPT, null, null, events::add));

        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("not a JSON object").contains("\"content");
    }

    @Test
    void aStreamThatStopsWithoutAFinishIsIncompleteNotAnAnswer() {
        server.enqueue(sse("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Pa\"}}]}\n\n"));

        var e = catchThrowableOfType(
                ModelTimeoutException.class, () -> model().requestStream(PROMPT, null, null, events::add));

        assertThat(e.getMessage()).contains("before the answer was complete");
    }

    @Test
    void aServerThatAnswersAStreamingRequestWholeGivesItsAnswerAtOnce() {
        server.enqueue(Reply.json(200, Fixtures.text("chat-response-text.json")));
        server.enqueue(Reply.json(200, Fixtures.text("chat-response-text.json")));

        ModelResponse streamed = model().requestStream(PROMPT, null, null, events::add);

        assertThat(streamed).isEqualTo(model().request(PROMPT, null, null));
        var whole = new ArrayList<ModelStreamEvent>();
        ModelStreamEvent.emitWhole(streamed, whole::add);
        assertThat(events).isEqualTo(whole);
    }

    @Test
    void aStreamingAnswerThatIsNeitherEventsNorJsonIsARetryableFailure() {
        server.enqueue(Reply.raw(200, "text/html", "<html>gateway</html>"));

        var e = catchThrowableOfType(
                ModelException.class, () -> model().requestStream(PROMPT, null, null, events::add));

        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("text/html", "neither server-sent events nor a JSON object", "gateway");
    }

    @Test
    void usageCanBeLeftOutForServersThatRejectStreamOptions() {
        server.enqueue(sse(Fixtures.text("chat-stream-text.sse")
                .replaceAll("(?s)data: \\{[^\\n]*\"choices\":\\[\\],[^\\n]*\\n\\n", "")));
        var model = OpenAiChatModel.builder()
                .baseUrl(server.url() + "/v1")
                .model("llama3.2")
                .provider("ollama")
                .streamUsage(false)
                .build();

        ModelResponse r = model.requestStream(PROMPT, null, null, events::add);

        assertThat(r.text()).isEqualTo("Paris is sunny; Rome is cloudy.");
        JsonNode sent = server.takeRequest().json();
        assertThat(sent.path("stream").asBoolean()).isTrue();
        assertThat(sent.has("stream_options")).isFalse();
    }
}

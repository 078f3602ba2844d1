package dev.steadfast.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.message.FinishReason;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ThinkingPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.model.ModelException;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.OutputMode;
import dev.steadfast.usage.Usage;
import dev.steadfast.testing.http.WireServer;
import dev.steadfast.testing.http.WireServer.RecordedRequest;
import dev.steadfast.testing.http.WireServer.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiResponsesModelTest {
    private final WireServer server = WireServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private OpenAiResponsesModel model() {
        return OpenAiResponsesModel.builder().baseUrl(server.url() + "/v1").apiKey("sk-test-0123456789abcdef")
                .model("o4-mini").store(false).build();
    }

    @Test
    void sendsTheConversationAsInputItems() {
        server.enqueue(Reply.json(200, Fixtures.text("responses-response-tools.json")));
        ModelSettings settings = ModelSettings.builder().temperature(0.2).maxTokens(512).parallelToolCalls(true).build();

        model().request(Fixtures.conversation(), settings, Fixtures.toolParams());

        RecordedRequest sent = server.takeRequest();
        assertThat(sent.path()).isEqualTo("/v1/responses");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer sk-test-0123456789abcdef");
        assertThat(sent.json()).isEqualTo(Fixtures.json("responses-request-tools.json"));
        OpenAiSpec.assertValid("CreateResponse", sent.json());
    }

    @Test
    void parsesReasoningTextParallelCallsAndUsage() {
        server.enqueue(Reply.json(200, Fixtures.text("responses-response-tools.json")));

        ModelResponse r = model().request(List.of(ModelRequest.user("Weather?")), null, Fixtures.toolParams());

        assertThat(r.parts().get(0)).isEqualTo(new ThinkingPart("Two cities, so two calls.", "gAAAAABoISQ24OyVRYbkYfukuB", "rs_67ccd3ab1b2c8190a1f2"));
        assertThat(r.parts().get(1)).isEqualTo(TextPart.of("Checking both cities."));
        assertThat(r.toolCalls()).extracting(ToolCallPart::toolName, ToolCallPart::toolCallId, ToolCallPart::argsAsJson)
                .containsExactly(tuple("get_weather", "call_12345xyz", "{\"city\":\"Paris\",\"unit\":null}"),
                        tuple("get_weather", "call_67890abc", "{\"city\":\"Rome\",\"unit\":\"c\"}"));
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.usage()).isEqualTo(new Usage(1, 2006, 145, 1920, 86, 64, 0));
        assertThat(r.modelName()).isEqualTo("o4-mini-2025-04-16");
        OpenAiSpec.assertValid("Response", Fixtures.json("responses-response-tools.json"));
    }

    @Test
    void reasoningRoundTripsIntoTheNextRequest() {
        server.enqueue(Reply.json(200, Fixtures.text("responses-response-tools.json")));
        server.enqueue(Reply.json(200, Fixtures.text("responses-response-text.json")));
        List<Message> history = new ArrayList<>(List.of(ModelRequest.user("Weather?")));
        ModelResponse first = model().request(history, null, Fixtures.toolParams());
        history.add(first);
        history.add(ModelRequest.of(ToolReturnPart.of("get_weather", "call_12345xyz", "sunny"),
                ToolReturnPart.of("get_weather", "call_67890abc", "cloudy")));

        ModelResponse second = model().request(history, null, Fixtures.toolParams());

        server.takeRequest();
        JsonNode input = server.takeRequest().json().get("input");
        assertThat(input.get(1)).isEqualTo(Fixtures.schema("""
                {"type": "reasoning", "id": "rs_67ccd3ab1b2c8190a1f2",
                 "summary": [{"type": "summary_text", "text": "Two cities, so two calls."}],
                 "encrypted_content": "gAAAAABoISQ24OyVRYbkYfukuB"}"""));
        assertThat(input.get(3).get("type").asText()).isEqualTo("function_call");
        assertThat(input.get(6)).isEqualTo(Fixtures.schema("""
                {"type": "function_call_output", "call_id": "call_67890abc", "output": "cloudy"}"""));
        assertThat(second.text()).isEqualTo("Paris is sunny; Rome is cloudy.");
        assertThat(second.finishReason()).isEqualTo(FinishReason.STOP);
        OpenAiSpec.assertValid("Response", Fixtures.json("responses-response-text.json"));
    }

    @Test
    void statelessRequestsDropReasoningThatCannotBeResolved() {
        server.enqueue(Reply.json(200, Fixtures.text("responses-response-text.json")));
        var history = List.<Message>of(ModelRequest.user("Hi"),
                new ModelResponse(List.of(new ThinkingPart("summary only", null, "rs_9"), TextPart.of("Hello")), null, null, null),
                ModelRequest.user("Again"));

        model().request(history, null, null);

        JsonNode input = server.takeRequest().json().get("input");
        assertThat(input).hasSize(3);
        assertThat(input.findValues("type")).extracting(JsonNode::asText).doesNotContain("reasoning");
    }

    @Test
    void nativeOutputUsesTextFormat() {
        server.enqueue(Reply.json(200, Fixtures.text("responses-response-text.json")));
        var params = new ModelRequestParameters(List.of(), List.of(Fixtures.REPORT), false, OutputMode.NATIVE);

        model().request(List.of(ModelRequest.user("Report")), null, params);

        JsonNode sent = server.takeRequest().json();
        JsonNode format = sent.path("text").path("format");
        assertThat(format.get("type").asText()).isEqualTo("json_schema");
        assertThat(format.get("name").asText()).isEqualTo("final_result");
        assertThat(format.get("strict").asBoolean()).isTrue();
        assertThat(format.at("/schema/additionalProperties").asBoolean(true)).isFalse();
        assertThat(sent.has("tools")).isFalse();
        OpenAiSpec.assertValid("CreateResponse", sent);
    }

    @Test
    void incompleteAnswersAreClearErrors() {
        String text = Fixtures.text("responses-response-text.json");
        server.enqueue(Reply.json(200, text.replace("\"completed\",\n  \"background\"", "\"incomplete\",\n  \"background\"")
                .replace("\"incomplete_details\": null", "\"incomplete_details\": {\"reason\": \"max_output_tokens\"}")));
        server.enqueue(Reply.json(200, text.replace("\"completed\",\n  \"background\"", "\"incomplete\",\n  \"background\"")
                .replace("\"incomplete_details\": null", "\"incomplete_details\": {\"reason\": \"content_filter\"}")));

        assertThatThrownBy(() -> model().request(List.of(ModelRequest.user("Hi")), null, null))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("output token limit");
        assertThatThrownBy(() -> model().request(List.of(ModelRequest.user("Hi")), null, null))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("content filter");
    }

    @Test
    void stopSequencesAreRefusedBeforeSending() {
        var settings = ModelSettings.builder().stopSequences(List.of("END")).build();
        assertThatThrownBy(() -> model().request(List.of(ModelRequest.user("Hi")), settings, null))
                .isInstanceOf(ModelException.class).hasMessageContaining("OpenAiChatModel");
        assertThat(server.pendingRequests()).isZero();
    }
}

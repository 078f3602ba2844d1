package dev.steadfast.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.message.FinishReason;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.model.ModelException;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.OutputMode;
import dev.steadfast.usage.Usage;
import dev.steadfast.testing.http.WireServer;
import dev.steadfast.testing.http.WireServer.RecordedRequest;
import dev.steadfast.testing.http.WireServer.Reply;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiChatModelTest {
    private final WireServer server = WireServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private OpenAiChatModel model() {
        return OpenAiChatModel.builder().baseUrl(server.url() + "/v1").apiKey("sk-test-0123456789abcdef")
                .header("OpenAI-Organization", "org-steadfast").model("gpt-4.1").build();
    }

    @Test
    void sendsTheConversationToolsAndSettingsAsDocumented() {
        server.enqueue(Reply.json(200, Fixtures.text("chat-response-tools.json")));
        ModelSettings settings = ModelSettings.builder().temperature(0.2).maxTokens(512).seed(7)
                .stopSequences(List.of("END")).parallelToolCalls(true).build();

        model().request(Fixtures.conversation(), settings, Fixtures.toolParams());

        RecordedRequest sent = server.takeRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer sk-test-0123456789abcdef");
        assertThat(sent.header("OpenAI-Organization")).isEqualTo("org-steadfast");
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        assertThat(sent.json()).isEqualTo(Fixtures.json("chat-request-tools.json"));
        OpenAiSpec.assertValid("CreateChatCompletionRequest", sent.json());
    }

    @Test
    void parsesParallelToolCallsAndUsage() {
        server.enqueue(Reply.json(200, Fixtures.text("chat-response-tools.json")));

        ModelResponse r = model().request(List.of(ModelRequest.user("Weather?")), null, Fixtures.toolParams());

        assertThat(r.toolCalls()).extracting(ToolCallPart::toolName, ToolCallPart::toolCallId, ToolCallPart::argsAsJson)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("get_weather", "call_p1", "{\"city\":\"Paris\",\"unit\":null}"),
                        org.assertj.core.groups.Tuple.tuple("get_weather", "call_p2", "{\"city\":\"Rome\",\"unit\":\"c\"}"));
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.modelName()).isEqualTo("gpt-4.1-2025-04-14");
        assertThat(r.usage()).isEqualTo(new Usage(1, 1117, 46, 1024, 93, 12, 0));
        OpenAiSpec.assertValid("CreateChatCompletionResponse", Fixtures.json("chat-response-tools.json"));
    }

    @Test
    void parsesText() {
        server.enqueue(Reply.json(200, Fixtures.text("chat-response-text.json")));

        ModelResponse r = model().request(List.of(ModelRequest.user("Weather?")), ModelSettings.DEFAULTS, null);

        assertThat(r.parts()).containsExactly(TextPart.of("Paris is sunny; Rome is cloudy."));
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.usage()).isEqualTo(new Usage(1, 19, 10, 0, 0, 0, 0));
        JsonNode sent = server.takeRequest().json();
        assertThat(sent.has("tools")).isFalse();
        OpenAiSpec.assertValid("CreateChatCompletionRequest", sent);
        OpenAiSpec.assertValid("CreateChatCompletionResponse", Fixtures.json("chat-response-text.json"));
    }

    @Test
    void nativeOutputUsesAStrictJsonSchemaResponseFormat() {
        server.enqueue(Reply.json(200, Fixtures.text("chat-response-text.json")));
        var params = new ModelRequestParameters(List.of(), List.of(Fixtures.REPORT), false, OutputMode.NATIVE);

        model().request(List.of(ModelRequest.user("Report")), null, params);

        JsonNode sent = server.takeRequest().json();
        assertThat(sent.has("tools")).isFalse();
        assertThat(sent.get("response_format")).isEqualTo(Fixtures.schema("""
                {"type": "json_schema",
                 "json_schema": {"name": "final_result", "description": "The final report", "strict": true,
                   "schema": {"type": "object",
                     "properties": {"title": {"type": "string"},
                       "points": {"type": "array", "items": {"type": "object",
                         "properties": {"text": {"type": "string"}, "source": {"type": ["string", "null"]}},
                         "required": ["text", "source"], "additionalProperties": false}}},
                     "required": ["title", "points"], "additionalProperties": false}}}"""));
        OpenAiSpec.assertValid("CreateChatCompletionRequest", sent);
    }

    @Test
    void keepsToolArgumentsThatAreNotJsonVerbatim() {
        String body = Fixtures.text("chat-response-tools.json")
                .replace("{\\\"city\\\":\\\"Paris\\\",\\\"unit\\\":null}", "{city: Paris");
        server.enqueue(Reply.json(200, body));

        ModelResponse r = model().request(List.of(ModelRequest.user("Weather?")), null, Fixtures.toolParams());

        ToolCallPart bad = r.toolCalls().getFirst();
        assertThat(bad.args().isTextual()).isTrue();
        assertThat(bad.argsAsJson()).isEqualTo("{city: Paris");
    }

    @Test
    void lengthAndContentFilterAreClearErrors() {
        server.enqueue(Reply.json(200, Fixtures.text("chat-response-text.json").replace("\"stop\"", "\"length\"")));
        server.enqueue(Reply.json(200, Fixtures.text("chat-response-text.json").replace("\"stop\"", "\"content_filter\"")));
        var settings = ModelSettings.builder().maxTokens(10).build();

        assertThatThrownBy(() -> model().request(List.of(ModelRequest.user("Hi")), settings, null))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("output token limit").hasMessageContaining("maxTokens=10");
        assertThatThrownBy(() -> model().request(List.of(ModelRequest.user("Hi")), null, null))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("content filter");
    }

    @Test
    void azureSendsTheKeyInApiKeyAndTheApiVersion() {
        server.enqueue(Reply.json(200, Fixtures.text("chat-response-text.json")));
        var azure = OpenAiChatModel.builder().baseUrl(server.url() + "/openai/deployments/my-gpt/")
                .queryParam("api-version", "2024-10-21").apiKeyHeader("api-key").apiKey("azure-secret-key")
                .model("gpt-4o").provider("azure").build();

        azure.request(List.of(ModelRequest.user("Hi")), null, null);

        RecordedRequest sent = server.takeRequest();
        assertThat(sent.path()).isEqualTo("/openai/deployments/my-gpt/chat/completions");
        assertThat(sent.query()).isEqualTo("api-version=2024-10-21");
        assertThat(sent.header("api-key")).isEqualTo("azure-secret-key");
        assertThat(sent.header("Authorization")).isNull();
        assertThat(azure.provider()).isEqualTo("azure");
        assertThat(azure.toString()).doesNotContain("azure-secret-key");
    }

    @Test
    void legacyServersGetMaxTokensAndNoKeyHeader() {
        server.enqueue(Reply.json(200, Fixtures.text("chat-response-text.json")));
        var local = OpenAiChatModel.builder().baseUrl(server.url() + "/v1").model("llama3.2:1b").legacyMaxTokens(true).build();

        local.request(List.of(ModelRequest.user("Hi")), ModelSettings.builder().maxTokens(64).build(), null);

        RecordedRequest sent = server.takeRequest();
        assertThat(sent.json().get("max_tokens").asInt()).isEqualTo(64);
        assertThat(sent.json().has("max_completion_tokens")).isFalse();
        assertThat(sent.header("Authorization")).isNull();
    }

    @Test
    void aModelNameIsRequired() {
        assertThatThrownBy(() -> OpenAiChatModel.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("model(");
    }
}

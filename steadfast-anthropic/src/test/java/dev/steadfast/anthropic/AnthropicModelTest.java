package dev.steadfast.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.anthropic.internal.MessagesWire;
import dev.steadfast.message.FinishReason;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.Messages;
import dev.steadfast.message.RetryPromptPart;
import dev.steadfast.message.SystemPromptPart;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ThinkingPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.message.UserPromptPart;
import dev.steadfast.model.ModelException;
import dev.steadfast.model.ModelRefusalException;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.OutputMode;
import dev.steadfast.model.ToolDefinition;
import dev.steadfast.usage.Usage;
import dev.steadfast.testing.http.WireServer;
import dev.steadfast.testing.http.WireServer.RecordedRequest;
import dev.steadfast.testing.http.WireServer.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AnthropicModelTest {
    static final String KEY = "sk-ant-api03-test0123456789";
    private final WireServer server = WireServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    static String fixture(String name) {
        try (InputStream in = AnthropicModelTest.class.getResourceAsStream("/anthropic/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) Messages.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private AnthropicModel model() {
        return AnthropicModel.builder().baseUrl(server.url()).apiKey(KEY).model("claude-sonnet-4-5")
                .header("anthropic-beta", "interleaved-thinking-2025-05-14").build();
    }

    private static final ToolDefinition WEATHER = new ToolDefinition("get_weather", "Current weather for a city", json("""
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["c", "f"]}},
             "required": ["city"]}"""), true);
    private static final ToolDefinition REPORT = new ToolDefinition("final_result", "The final report", json("""
            {"type": "object", "properties": {"title": {"type": "string"}}, "required": ["title"]}"""), true);

    @Test
    void sendsSystemBlocksToolsAndSignedThinkingAsDocumented() {
        server.enqueue(Reply.json(200, fixture("response-text.json")));
        List<Message> history = List.of(
                ModelRequest.of(new SystemPromptPart("You are a careful weather assistant."),
                        new UserPromptPart("What is the weather in Paris and in Rome?")),
                new ModelResponse(List.of(new ThinkingPart("Two cities.", "sig-1", null),
                        new ThinkingPart("", "redacted-data", MessagesWire.REDACTED),
                        new ThinkingPart("from another provider", null, "rs_1"),
                        TextPart.of("Let me check."),
                        ToolCallPart.of("get_weather", "toolu_1", Map.of("city", "Paris")),
                        ToolCallPart.of("get_weather", "toolu_2", Map.of("city", ""))), null, null, null),
                ModelRequest.of(ToolReturnPart.of("get_weather", "toolu_1", "sunny"),
                        new RetryPromptPart("get_weather", "toolu_2", "city: must not be blank")),
                ModelResponse.of(TextPart.of("Paris is sunny.")),
                ModelRequest.of(new RetryPromptPart(null, null, "Answer with the final_result tool.")),
                ModelRequest.of(new SystemPromptPart("Be brief.")));
        var params = new ModelRequestParameters(List.of(WEATHER), List.of(REPORT), false, OutputMode.TOOL);
        var settings = ModelSettings.builder().temperature(0.5).stopSequences(List.of("END")).parallelToolCalls(false).build();

        model().request(history, settings, params);

        RecordedRequest sent = server.takeRequest();
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.header("x-api-key")).isEqualTo(KEY);
        assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(sent.header("anthropic-beta")).isEqualTo("interleaved-thinking-2025-05-14");
        assertThat(sent.header("Authorization")).isNull();
        assertThat(sent.json()).isEqualTo(json(fixture("request-tools.json")));
        AnthropicRequestShape.assertValid(sent.json());
    }

    @Test
    void aFailedToolResultIsSentAsAnError() {
        server.enqueue(Reply.json(200, fixture("response-text.json")));
        List<Message> history = List.of(ModelRequest.user("Save it"),
                ModelResponse.of(ToolCallPart.of("save", "toolu_1", Map.of())),
                ModelRequest.of(ToolReturnPart.failed("save", "toolu_1", "The disk is full.")));

        model().request(history, null, null);

        JsonNode result = server.takeRequest().json().path("messages").get(2).path("content").get(0);
        assertThat(result).isEqualTo(json(
                "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"The disk is full.\",\"is_error\":true}"));
    }

    @Test
    void parsesThinkingTextParallelToolUseAndCacheUsage() {
        server.enqueue(Reply.json(200, fixture("response-tools.json")));

        ModelResponse r = model().request(List.of(ModelRequest.user("Weather?")), null, null);

        assertThat(r.parts()).containsExactly(
                new ThinkingPart("The user asks about two cities; I can call the tool for both at once.",
                        "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds", null),
                new ThinkingPart("", "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP", MessagesWire.REDACTED),
                TextPart.of("I'll check both cities."),
                ToolCallPart.of("get_weather", "toolu_01A09q90qw90lq917835lq9", Map.of("city", "Paris")),
                ToolCallPart.of("get_weather", "toolu_01B19r91rx91mr928946mr0", json("{\"city\": \"Rome\", \"unit\": \"c\"}")));
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.usage()).isEqualTo(new Usage(1, 472 + 1800 + 2048, 187, 2048, 1800, 0, 0));
        assertThat(r.modelName()).isEqualTo("claude-sonnet-4-5-20250929");
    }

    @Test
    void thinkingRoundTripsUnchanged() {
        server.enqueue(Reply.json(200, fixture("response-tools.json")));
        server.enqueue(Reply.json(200, fixture("response-text.json")));
        List<Message> history = new ArrayList<>(List.of(ModelRequest.user("Weather?")));
        ModelResponse first = model().request(history, null, null);
        history.add(first);
        history.add(ModelRequest.of(ToolReturnPart.of("get_weather", "toolu_01A09q90qw90lq917835lq9", "sunny"),
                ToolReturnPart.of("get_weather", "toolu_01B19r91rx91mr928946mr0", "cloudy")));

        ModelResponse second = model().request(history, null, null);

        server.takeRequest();
        JsonNode assistant = server.takeRequest().json().at("/messages/1/content");
        JsonNode original = json(fixture("response-tools.json")).get("content");
        assertThat(assistant).isEqualTo(original);
        assertThat(second.text()).isEqualTo("Paris is sunny; Rome is cloudy.");
        assertThat(second.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(second.usage()).isEqualTo(new Usage(1, 2095, 503, 0, 0, 0, 0));
    }

    @Test
    void maxTokensDefaultsAndSettingsOverride() {
        server.enqueue(Reply.json(200, fixture("response-text.json")));
        server.enqueue(Reply.json(200, fixture("response-text.json")));
        model().request(List.of(ModelRequest.user("Hi")), null, null);
        model().request(List.of(ModelRequest.user("Hi")), ModelSettings.builder().maxTokens(100).build(), null);
        assertThat(server.takeRequest().json().get("max_tokens").asInt()).isEqualTo(AnthropicModel.DEFAULT_MAX_TOKENS);
        assertThat(server.takeRequest().json().get("max_tokens").asInt()).isEqualTo(100);
    }

    @Test
    void maxTokensAndRefusalAreClearErrors() {
        server.enqueue(Reply.json(200, fixture("response-text.json").replace("end_turn", "max_tokens")));
        server.enqueue(Reply.json(200, fixture("response-text.json").replace("end_turn", "refusal")));
        assertThatThrownBy(() -> model().request(List.of(ModelRequest.user("Hi")), null, null))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("max_tokens");
        assertThatThrownBy(() -> model().request(List.of(ModelRequest.user("Hi")), null, null))
                .isInstanceOfSatisfying(ModelRefusalException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("refused");
    }

    @Test
    void nativeOutputAsksForStructuredOutputsWithTheSchemaAndForcesNoTool() {
        server.enqueue(Reply.json(200, fixture("response-text.json")));
        var params = new ModelRequestParameters(List.of(), List.of(REPORT), false, OutputMode.NATIVE);

        model().request(List.of(ModelRequest.user("Report")), null, params);

        JsonNode sent = server.takeRequest().json();
        assertThat(sent.get("output_config")).isEqualTo(json("""
                {"format": {"type": "json_schema",
                  "schema": {"type": "object", "properties": {"title": {"type": "string"}}, "required": ["title"]}}}"""));
        assertThat(sent.has("tools")).isFalse();
        assertThat(sent.has("tool_choice")).isFalse();
        AnthropicRequestShape.assertValid(sent);
    }

    /** The rules every provider keeps on failures are in {@link AnthropicModelContractTest}; this is Anthropic's error shape. */
    @Test
    void errorsNameTheTypeFromAnthropicsErrorBody() {
        server.enqueue(Reply.json(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"},"
                + "\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}"));
        assertThatThrownBy(() -> model().request(List.of(ModelRequest.user("Hi")), null, null))
                .isInstanceOf(ModelException.class).hasMessageContaining("Overloaded (overloaded_error)");
    }
}

package dev.steadfast.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.OutputMode;
import dev.steadfast.model.ToolDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Test data shared by the OpenAI tests: fixtures from the API reference and one rich conversation. */
final class Fixtures {
    private Fixtures() {}

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/openai/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture /openai/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String name) {
        try {
            return Messages.mapper().readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode schema(String json) {
        try {
            return (ObjectNode) Messages.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** OpenAI's error body for an HTTP {@code status}: {@code {"error": {"message", "type", "param", "code"}}}. */
    static String errorBody(int status, String message) {
        ObjectNode body = Messages.mapper().createObjectNode();
        ObjectNode error = body.putObject("error").put("message", message);
        switch (status) {
            case 401 -> error.put("type", "invalid_request_error").putNull("param").put("code", "invalid_api_key");
            case 404 -> error.put("type", "invalid_request_error").putNull("param").put("code", "model_not_found");
            case 429 -> error.put("type", "requests").putNull("param").put("code", "rate_limit_exceeded");
            default -> error.put("type", status >= 500 ? "server_error" : "invalid_request_error").putNull("param").putNull("code");
        }
        return body.toString();
    }

    /** What OpenAI answers (HTTP 400) to a prompt longer than the model's context window. */
    static String contextWindowExceededBody() {
        ObjectNode body = Messages.mapper().createObjectNode();
        body.putObject("error").put("message", "This model's maximum context length is 128000 tokens. However, your "
                        + "messages resulted in 130512 tokens. Please reduce the length of the messages.")
                .put("type", "invalid_request_error").put("param", "messages").put("code", "context_length_exceeded");
        return body.toString();
    }

    /** A conversation using every part: parallel calls, a return, retries with and without a call id, thinking. */
    static List<Message> conversation() {
        return List.of(
                ModelRequest.of(new SystemPromptPart("You are a careful weather assistant."),
                        new UserPromptPart("What is the weather in Paris and in Rome?")),
                new ModelResponse(List.of(new ThinkingPart("Two cities: call twice.", "enc-abc", "rs_1"),
                        TextPart.of("Let me check."),
                        ToolCallPart.of("get_weather", "call_1", Map.of("city", "Paris")),
                        ToolCallPart.of("get_weather", "call_2", Map.of("city", ""))), null, "gpt-4.1", null),
                ModelRequest.of(ToolReturnPart.of("get_weather", "call_1", schema("{\"sky\": \"sunny\", \"celsius\": 24}")),
                        new RetryPromptPart("get_weather", "call_2", "city: must not be blank")),
                ModelResponse.of(TextPart.of("Paris is sunny.")),
                ModelRequest.of(new RetryPromptPart(null, null, "Answer with the final_result tool.")));
    }

    static final ToolDefinition WEATHER = new ToolDefinition("get_weather", "Current weather for a city", schema("""
            {"type": "object",
             "properties": {"city": {"type": "string", "description": "City name"},
                            "unit": {"type": "string", "enum": ["c", "f"]}},
             "required": ["city"]}"""), true);

    static final ToolDefinition SEARCH = new ToolDefinition("search", "Search the web", schema("""
            {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]}"""), false);

    static final ToolDefinition REPORT = new ToolDefinition("final_result", "The final report", schema("""
            {"type": "object",
             "properties": {"title": {"type": "string"},
                            "points": {"type": "array", "items": {"type": "object",
                                       "properties": {"text": {"type": "string"}, "source": {"type": "string"}},
                                       "required": ["text"]}}},
             "required": ["title", "points"]}"""), true);

    /** Two function tools and one output tool; text may not end the run. */
    static ModelRequestParameters toolParams() {
        return new ModelRequestParameters(List.of(WEATHER, SEARCH), List.of(REPORT), false, OutputMode.TOOL);
    }
}

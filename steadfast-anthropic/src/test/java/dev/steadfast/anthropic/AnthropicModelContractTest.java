package dev.steadfast.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.message.Messages;
import dev.steadfast.model.Model;
import dev.steadfast.testing.ModelProviderContract;
import dev.steadfast.usage.Usage;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The Messages API keeps the provider contract. */
class AnthropicModelContractTest extends ModelProviderContract {
    @Override
    protected Model model(Endpoint to) {
        return AnthropicModel.builder().baseUrl(to.baseUrl()).apiKey(to.apiKey()).model(to.model())
                .timeout(to.timeout()).clock(to.clock()).build();
    }

    @Override
    protected String providerName() {
        return "Anthropic";
    }

    @Override
    protected String requestPath() {
        return "/v1/messages";
    }

    @Override
    protected Map<String, String> authHeaders(String apiKey) {
        return Map.of("x-api-key", apiKey);
    }

    @Override
    protected Set<TokenCount> reportedTokenCounts() {
        return EnumSet.allOf(TokenCount.class); // thinking: usage.output_tokens_details.thinking_tokens
    }

    @Override
    protected String answerBody(Answer answer) {
        ObjectNode body = AnthropicModelTest.json(AnthropicModelTest.fixture("response-text.json"));
        Usage usage = null;
        switch (answer) {
            case Answer.Text t -> {
                body.putArray("content").addObject().put("type", "text").put("text", t.text());
                usage = t.usage();
            }
            case Answer.ToolCall c -> {
                body.putArray("content").addObject().put("type", "tool_use").put("id", c.call().toolCallId())
                        .put("name", c.call().toolName()).set("input", c.call().args());
                body.put("stop_reason", "tool_use");
                usage = c.usage();
            }
            case Answer.CutAtTokenLimit cut -> body.put("stop_reason", "max_tokens");
            case Answer.Empty empty -> body.remove("content");
            case Answer.Refusal no -> {
                body.putArray("content").addObject().put("type", "text").put("text", no.text());
                body.put("stop_reason", "refusal");
            }
        }
        body.put("model", answer.model());
        putUsage(body, usage);
        return body.toString();
    }

    /** Anthropic's input_tokens leaves out the tokens read from and written to the cache; Usage counts them in. */
    private static void putUsage(ObjectNode body, Usage u) {
        if (u == null) {
            body.remove("usage");
            return;
        }
        body.putObject("usage").put("input_tokens", u.inputTokens() - u.cacheReadTokens() - u.cacheWriteTokens())
                .put("cache_creation_input_tokens", u.cacheWriteTokens())
                .put("cache_read_input_tokens", u.cacheReadTokens())
                .put("output_tokens", u.outputTokens())
                .putObject("output_tokens_details").put("thinking_tokens", u.reasoningTokens());
    }

    /** Anthropic's error shape: {@code {"type": "error", "error": {"type", "message"}, "request_id"}}. */
    @Override
    protected String errorBody(int status, String message) {
        String type = switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> "api_error";
        };
        ObjectNode body = Messages.mapper().createObjectNode().put("type", "error");
        body.putObject("error").put("type", type).put("message", message);
        return body.put("request_id", "req_011CSHoEeqs5C35K2UUqR7Fy").toString();
    }

    @Override
    protected String contextWindowExceededBody() {
        return errorBody(400, "prompt is too long: 210000 tokens > 200000 maximum");
    }

    @Override
    protected void assertValidRequest(JsonNode body) {
        AnthropicRequestShape.assertValid(body);
    }
}

package dev.steadfast.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.model.Model;
import dev.steadfast.usage.Usage;

/** Chat Completions keeps the provider contract; each answer body is checked against OpenAI's own schema. */
class OpenAiChatModelContractTest extends OpenAiApiContract {
    @Override
    protected Model model(Endpoint to) {
        return connect(OpenAiChatModel.builder(), to).build();
    }

    @Override
    protected String requestPath() {
        return "/v1/chat/completions";
    }

    @Override
    protected String answerBody(Answer answer) {
        ObjectNode body = (ObjectNode) Fixtures.json("chat-response-text.json");
        ObjectNode choice = (ObjectNode) body.withArray("choices").get(0);
        ObjectNode message = (ObjectNode) choice.get("message");
        Usage usage = null;
        switch (answer) {
            case Answer.Text t -> {
                message.put("content", t.text());
                usage = t.usage();
            }
            case Answer.ToolCall c -> {
                message.putNull("content");
                message.putArray("tool_calls").addObject().put("id", c.call().toolCallId()).put("type", "function")
                        .putObject("function").put("name", c.call().toolName()).put("arguments", c.call().argsAsJson());
                choice.put("finish_reason", "tool_calls");
                usage = c.usage();
            }
            case Answer.CutAtTokenLimit cut -> choice.put("finish_reason", "length");
            case Answer.Empty empty -> body.putArray("choices");
            case Answer.Refusal no -> {
                message.putNull("content");
                message.put("refusal", no.text());
            }
        }
        body.put("model", answer.model());
        putUsage(body, usage);
        OpenAiSpec.assertValid("CreateChatCompletionResponse", body);
        return body.toString();
    }

    /** Chat Completions counts cached tokens inside prompt_tokens and reasoning inside completion_tokens, as Usage does. */
    private static void putUsage(ObjectNode body, Usage u) {
        if (u == null) {
            body.remove("usage");
            return;
        }
        ObjectNode usage = body.putObject("usage").put("prompt_tokens", u.inputTokens())
                .put("completion_tokens", u.outputTokens()).put("total_tokens", u.totalTokens());
        usage.putObject("prompt_tokens_details").put("cached_tokens", u.cacheReadTokens()).put("audio_tokens", 0)
                .put("cache_write_tokens", u.cacheWriteTokens());
        usage.putObject("completion_tokens_details").put("reasoning_tokens", u.reasoningTokens()).put("audio_tokens", 0)
                .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
    }

    @Override
    protected void assertValidRequest(JsonNode body) {
        OpenAiSpec.assertValid("CreateChatCompletionRequest", body);
    }
}

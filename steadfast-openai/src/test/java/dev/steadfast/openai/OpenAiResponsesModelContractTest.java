package dev.steadfast.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.model.Model;
import dev.steadfast.usage.Usage;

/** The Responses API keeps the provider contract; each answer body is checked against OpenAI's own schema. */
class OpenAiResponsesModelContractTest extends OpenAiApiContract {
    @Override
    protected Model model(Endpoint to) {
        return connect(OpenAiResponsesModel.builder(), to).build();
    }

    @Override
    protected String requestPath() {
        return "/v1/responses";
    }

    @Override
    protected String answerBody(Answer answer) {
        ObjectNode body = (ObjectNode) Fixtures.json("responses-response-text.json");
        ArrayNode output = body.putArray("output");
        Usage usage = null;
        switch (answer) {
            case Answer.Text t -> {
                output.addObject().put("id", "msg_contract").put("type", "message").put("status", "completed")
                        .put("role", "assistant").putArray("content").addObject().put("type", "output_text")
                        .put("text", t.text()).<ObjectNode>set("annotations", body.arrayNode()).set("logprobs", body.arrayNode());
                usage = t.usage();
            }
            case Answer.ToolCall c -> {
                output.addObject().put("id", "fc_contract").put("type", "function_call").put("status", "completed")
                        .put("call_id", c.call().toolCallId()).put("name", c.call().toolName())
                        .put("arguments", c.call().argsAsJson());
                usage = c.usage();
            }
            case Answer.CutAtTokenLimit cut ->
                    body.put("status", "incomplete").putObject("incomplete_details").put("reason", "max_output_tokens");
            case Answer.Empty empty -> { }
            case Answer.Refusal no -> output.addObject().put("id", "msg_contract").put("type", "message")
                    .put("status", "completed").put("role", "assistant").putArray("content").addObject()
                    .put("type", "refusal").put("refusal", no.text());
        }
        body.put("model", answer.model());
        putUsage(body, usage);
        OpenAiSpec.assertValid("Response", body);
        return body.toString();
    }

    /** The Responses API counts cached tokens inside input_tokens and reasoning inside output_tokens, as Usage does. */
    private static void putUsage(ObjectNode body, Usage u) {
        if (u == null) {
            body.remove("usage");
            return;
        }
        ObjectNode usage = body.putObject("usage").put("input_tokens", u.inputTokens());
        usage.putObject("input_tokens_details").put("cached_tokens", u.cacheReadTokens())
                .put("cache_write_tokens", u.cacheWriteTokens());
        usage.put("output_tokens", u.outputTokens());
        usage.putObject("output_tokens_details").put("reasoning_tokens", u.reasoningTokens());
        usage.put("total_tokens", u.totalTokens());
    }

    @Override
    protected void assertValidRequest(JsonNode body) {
        OpenAiSpec.assertValid("CreateResponse", body);
    }
}

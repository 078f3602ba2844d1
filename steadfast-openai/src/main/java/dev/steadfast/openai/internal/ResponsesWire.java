package dev.steadfast.openai.internal;

import static dev.steadfast.openai.internal.OpenAiCommon.count;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.message.FinishReason;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.ResponsePart;
import dev.steadfast.message.RetryPromptPart;
import dev.steadfast.message.SystemPromptPart;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ThinkingPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.message.UserPromptPart;
import dev.steadfast.media.Media;
import dev.steadfast.model.ModelException;
import dev.steadfast.model.ModelRefusalException;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.OutputMode;
import dev.steadfast.model.ToolDefinition;
import dev.steadfast.usage.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code /responses} wire format: our messages to input items, output items back to a
 * {@link ModelResponse}.
 *
 * <p>Reasoning items come back as {@link ThinkingPart}s with the item's id and its
 * {@code encrypted_content} (as the signature), and are sent back as reasoning items so a
 * reasoning model keeps its chain of thought across tool calls. Thinking parts without an id
 * (another provider's) are not sent.
 */
public final class ResponsesWire {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** The id Anthropic's redacted thinking carries in our messages; never an OpenAI item. */
    private static final String REDACTED_THINKING = "redacted_thinking";

    private ResponsesWire() {}

    /**
     * The request body.
     *
     * @param store {@code null} for the server's default; {@code false} also asks for encrypted
     *     reasoning so the conversation can continue statelessly
     */
    public static ObjectNode request(String model, List<Message> messages, ModelSettings s,
                                     ModelRequestParameters p, Boolean store) {
        if (s.stopSequences() != null && !s.stopSequences().isEmpty()) {
            throw new ModelException("The Responses API has no stop sequences; use OpenAiChatModel for stopSequences", false);
        }
        ObjectNode body = F.objectNode();
        body.put("model", model);
        ArrayNode input = body.putArray("input");
        for (Message m : messages) {
            switch (m) {
                case ModelRequest req -> req.parts().forEach(part -> {
                    switch (part) {
                        case SystemPromptPart sp -> input.addObject().put("role", "system").put("content", sp.content());
                        case UserPromptPart up -> OpenAiCommon.putUserPrompt(input.addObject(), up, "input_text", ResponsesWire::addMedia);
                        case ToolReturnPart tr -> {
                            ObjectNode output = input.addObject().put("type", "function_call_output").put("call_id", tr.toolCallId());
                            List<Media> media = tr.media();
                            if (media.isEmpty()) {
                                output.put("output", tr.contentAsText());
                            } else { // the output may be a list of text, images and files
                                ArrayNode content = output.putArray("output");
                                String rest = tr.contentWithoutMedia();
                                if (!rest.isEmpty()) {
                                    content.addObject().put("type", "input_text").put("text", rest);
                                }
                                media.forEach(m2 -> addMedia(content, m2));
                            }
                        }
                        case RetryPromptPart rp -> {
                            if (rp.toolCallId() != null) {
                                input.addObject().put("type", "function_call_output")
                                        .put("call_id", rp.toolCallId()).put("output", OpenAiCommon.retryText(rp));
                            } else {
                                input.addObject().put("role", "user").put("content", OpenAiCommon.retryText(rp));
                            }
                        }
                    }
                });
                case ModelResponse res -> addOutputItems(input, res, !Boolean.FALSE.equals(store));
            }
        }
        List<ToolDefinition> tools = p.allTools();
        if (!tools.isEmpty()) {
            ArrayNode arr = body.putArray("tools");
            for (ToolDefinition t : tools) {
                OpenAiCommon.putSchema(arr.addObject().put("type", "function"), t, "parameters");
            }
            if (!p.allowTextOutput()) {
                body.put("tool_choice", "required");
            }
            if (s.parallelToolCalls() != null) {
                body.put("parallel_tool_calls", s.parallelToolCalls());
            }
        }
        if (p.outputMode() == OutputMode.NATIVE && !p.outputTools().isEmpty()) {
            ObjectNode format = body.putObject("text").putObject("format").put("type", "json_schema");
            OpenAiCommon.putSchema(format, p.outputTools().getFirst(), "schema");
        }
        OpenAiCommon.putSampling(body, s);
        if (s.maxTokens() != null) {
            body.put("max_output_tokens", s.maxTokens());
        }
        if (s.reasoning() != null) {
            ObjectNode reasoning = body.putObject("reasoning");
            if (s.reasoning().effort() != null) {
                reasoning.put("effort", s.reasoning().effort().wire());
            }
            if (s.reasoning().summary() != null) {
                reasoning.put("summary", s.reasoning().summary().wire());
            }
        }
        if (store != null) {
            body.put("store", store);
            if (!store) {
                body.putArray("include").add("reasoning.encrypted_content");
            }
        }
        OpenAiCommon.putExtraBody(body, s);
        return body;
    }

    /** An image as {@code input_image}, a PDF as {@code input_file} (by URL or as a data URL). */
    private static void addMedia(ArrayNode content, Media media) {
        if (media.isImage()) {
            content.addObject().put("type", "input_image").put("image_url", media.dataUrlOrUrl()).put("detail", "auto");
        } else if (media.url() != null) {
            content.addObject().put("type", "input_file").put("file_url", media.url());
        } else {
            content.addObject().put("type", "input_file").put("filename", "document.pdf").put("file_data", media.dataUrlOrUrl());
        }
    }

    private static void addOutputItems(ArrayNode input, ModelResponse res, boolean stored) {
        for (ResponsePart part : res.parts()) {
            switch (part) {
                case TextPart t -> input.addObject().put("role", "assistant").put("content", t.content());
                case ToolCallPart c -> input.addObject().put("type", "function_call").put("call_id", c.toolCallId())
                        .put("name", c.toolName()).put("arguments", c.argsAsJson());
                case ThinkingPart th -> {
                    // without storage, a reasoning item is only usable with its encrypted content
                    boolean usable = stored || th.signature() != null;
                    if (th.id() != null && !th.id().equals(REDACTED_THINKING) && usable) {
                        ObjectNode item = input.addObject().put("type", "reasoning").put("id", th.id());
                        ArrayNode summary = item.putArray("summary");
                        if (!th.content().isEmpty()) {
                            summary.addObject().put("type", "summary_text").put("text", th.content());
                        }
                        if (th.signature() != null) {
                            item.put("encrypted_content", th.signature());
                        }
                    }
                }
            }
        }
    }

    /** The model's answer; throws a {@link ModelException} for answers that are no answer. */
    public static ModelResponse response(JsonNode body, String provider, ModelSettings s) {
        String status = body.path("status").asText("completed");
        if (status.equals("failed")) {
            JsonNode err = body.path("error");
            String code = err.path("code").asText("");
            boolean retryable = code.equals("server_error") || code.equals("rate_limit_exceeded") || code.isEmpty();
            throw new ModelException(provider + " could not produce a response: " + err.path("message").asText("(no message)")
                    + (code.isEmpty() ? "" : " (" + code + ")"), retryable);
        }
        if (status.equals("incomplete")) {
            String reason = body.path("incomplete_details").path("reason").asText("");
            if (reason.equals("content_filter")) {
                throw OpenAiCommon.contentFilterError(provider);
            }
            throw OpenAiCommon.lengthError(provider, s);
        }
        JsonNode output = body.path("output");
        if (!output.isArray() || output.isEmpty()) {
            throw OpenAiCommon.malformed(provider, "no output items (an empty answer); asking again may help");
        }
        List<ResponsePart> parts = new ArrayList<>();
        for (JsonNode item : output) {
            switch (item.path("type").asText("")) {
                case "reasoning" -> {
                    StringBuilder text = new StringBuilder();
                    for (JsonNode sum : item.path("summary")) {
                        text.append(text.isEmpty() ? "" : "\n\n").append(sum.path("text").asText(""));
                    }
                    JsonNode enc = item.path("encrypted_content");
                    parts.add(new ThinkingPart(text.toString(), enc.isTextual() ? enc.asText() : null,
                            item.path("id").asText(null)));
                }
                case "message" -> {
                    for (JsonNode c : item.path("content")) {
                        switch (c.path("type").asText("")) {
                            case "output_text" -> parts.add(TextPart.of(c.path("text").asText("")));
                            case "refusal" -> throw new ModelRefusalException(provider, c.path("refusal").asText(""));
                            default -> { }
                        }
                    }
                }
                case "function_call" -> {
                    String name = item.path("name").asText("");
                    String callId = item.path("call_id").asText("");
                    if (name.isEmpty() || callId.isEmpty()) {
                        throw OpenAiCommon.malformed(provider, "a function call without a name or call_id: " + item);
                    }
                    parts.add(ToolCallPart.of(name, callId, item.path("arguments").asText("{}")));
                }
                default -> { } // built-in tool items we did not ask for
            }
        }
        JsonNode u = body.path("usage");
        Usage usage = new Usage(1, count(u.get("input_tokens")), count(u.get("output_tokens")),
                count(u.path("input_tokens_details").get("cached_tokens")),
                count(u.path("input_tokens_details").get("cache_write_tokens")),
                count(u.path("output_tokens_details").get("reasoning_tokens")), 0);
        FinishReason finish = parts.stream().anyMatch(ToolCallPart.class::isInstance) ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        return new ModelResponse(parts, usage, body.path("model").asText(null), finish);
    }
}

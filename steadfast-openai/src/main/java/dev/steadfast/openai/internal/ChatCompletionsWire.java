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
 * The {@code /chat/completions} wire format: our messages to a request body, a response body to a
 * {@link ModelResponse}.
 *
 * <p>Thinking parts are not sent back (the API has no field for them; DeepSeek rejects its own
 * {@code reasoning_content} in input), but {@code reasoning_content} / {@code reasoning} in an
 * answer, as DeepSeek, vLLM, Ollama and OpenRouter send it, becomes a {@link ThinkingPart}.
 */
public final class ChatCompletionsWire {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ChatCompletionsWire() {}

    /**
     * The request body.
     *
     * @param maxTokensField {@code max_completion_tokens} (OpenAI) or {@code max_tokens} (older
     *     OpenAI-compatible servers)
     */
    public static ObjectNode request(String model, List<Message> messages, ModelSettings s,
                                     ModelRequestParameters p, String maxTokensField) {
        ObjectNode body = F.objectNode();
        body.put("model", model);
        ArrayNode out = body.putArray("messages");
        for (Message m : messages) {
            switch (m) {
                case ModelRequest req -> {
                    List<Media> toolMedia = new ArrayList<>();
                    req.parts().forEach(part -> {
                        switch (part) {
                            case SystemPromptPart sp -> out.addObject().put("role", "system").put("content", sp.content());
                            case UserPromptPart up -> OpenAiCommon.putUserPrompt(out.addObject(), up, "text", ChatCompletionsWire::addMedia);
                            case ToolReturnPart tr -> {
                                // tool messages carry text only: files follow in a user message after all of them
                                List<Media> media = tr.media();
                                toolMedia.addAll(media);
                                out.addObject().put("role", "tool").put("tool_call_id", tr.toolCallId())
                                        .put("content", media.isEmpty() ? tr.contentAsText() : OpenAiCommon.withFilesNote(tr, media));
                            }
                            case RetryPromptPart rp -> {
                                if (rp.toolCallId() != null) {
                                    out.addObject().put("role", "tool").put("tool_call_id", rp.toolCallId())
                                            .put("content", OpenAiCommon.retryText(rp));
                                } else {
                                    out.addObject().put("role", "user").put("content", OpenAiCommon.retryText(rp));
                                }
                            }
                        }
                    });
                    if (!toolMedia.isEmpty()) {
                        ArrayNode content = out.addObject().put("role", "user").putArray("content");
                        content.addObject().put("type", "text").put("text", OpenAiCommon.TOOL_FILES_TEXT);
                        toolMedia.forEach(media -> addMedia(content, media));
                    }
                }
                case ModelResponse res -> addAssistant(out, res);
            }
        }
        List<ToolDefinition> tools = p.allTools();
        if (!tools.isEmpty()) {
            ArrayNode arr = body.putArray("tools");
            for (ToolDefinition t : tools) {
                OpenAiCommon.putSchema(arr.addObject().put("type", "function").putObject("function"), t, "parameters");
            }
            if (!p.allowTextOutput()) {
                body.put("tool_choice", "required");
            }
            if (s.parallelToolCalls() != null) {
                body.put("parallel_tool_calls", s.parallelToolCalls());
            }
        }
        if (p.outputMode() == OutputMode.NATIVE && !p.outputTools().isEmpty()) {
            ObjectNode format = body.putObject("response_format").put("type", "json_schema");
            OpenAiCommon.putSchema(format.putObject("json_schema"), p.outputTools().getFirst(), "schema");
        }
        OpenAiCommon.putSampling(body, s);
        if (s.maxTokens() != null) {
            body.put(maxTokensField, s.maxTokens());
        }
        if (s.stopSequences() != null && !s.stopSequences().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            s.stopSequences().forEach(stop::add);
        }
        if (s.seed() != null) {
            body.put("seed", s.seed());
        }
        if (s.reasoning() != null && s.reasoning().effort() != null) {
            body.put("reasoning_effort", s.reasoning().effort().wire());
        }
        OpenAiCommon.putExtraBody(body, s);
        return body;
    }

    /** An image as an {@code image_url} part; a PDF as a {@code file} part (Chat Completions takes PDFs only as bytes). */
    private static void addMedia(ArrayNode content, Media media) {
        if (media.isImage()) {
            content.addObject().put("type", "image_url").putObject("image_url").put("url", media.dataUrlOrUrl());
        } else if (media.data() != null) {
            content.addObject().put("type", "file").putObject("file")
                    .put("filename", "document.pdf").put("file_data", media.dataUrlOrUrl());
        } else {
            throw new ModelException("Chat Completions cannot fetch a PDF from a URL (" + media.url() + "); pass its bytes "
                    + "with Media.pdf(bytes), or use OpenAiResponsesModel, which takes document URLs", false);
        }
    }

    private static void addAssistant(ArrayNode out, ModelResponse res) {
        StringBuilder text = new StringBuilder();
        ArrayNode calls = F.arrayNode();
        for (ResponsePart part : res.parts()) {
            switch (part) {
                case TextPart t -> text.append(t.content());
                case ToolCallPart c -> {
                    ObjectNode call = calls.addObject().put("id", c.toolCallId()).put("type", "function");
                    call.putObject("function").put("name", c.toolName()).put("arguments", c.argsAsJson());
                }
                case ThinkingPart ignored -> { }
            }
        }
        if (text.isEmpty() && calls.isEmpty()) {
            return;
        }
        ObjectNode msg = out.addObject().put("role", "assistant");
        if (text.isEmpty()) {
            msg.putNull("content");
        } else {
            msg.put("content", text.toString());
        }
        if (!calls.isEmpty()) {
            msg.set("tool_calls", calls);
        }
    }

    /** The model's answer; throws a {@link dev.steadfast.model.ModelException} for answers that are no answer. */
    public static ModelResponse response(JsonNode body, String provider, ModelSettings s) {
        JsonNode choices = body.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            throw OpenAiCommon.malformed(provider, "no choices (an empty answer); asking again may help");
        }
        JsonNode choice = choices.get(0);
        JsonNode msg = choice.path("message");
        String finish = choice.path("finish_reason").asText("");
        switch (finish) {
            case "length" -> throw OpenAiCommon.lengthError(provider, s);
            case "content_filter" -> throw OpenAiCommon.contentFilterError(provider);
            default -> { }
        }
        List<ResponsePart> parts = new ArrayList<>();
        JsonNode reasoning = msg.has("reasoning_content") ? msg.get("reasoning_content") : msg.path("reasoning");
        if (reasoning.isTextual() && !reasoning.asText().isEmpty()) {
            parts.add(ThinkingPart.of(reasoning.asText()));
        }
        String text = content(msg.path("content"));
        if (!text.isEmpty()) {
            parts.add(TextPart.of(text));
        }
        if (msg.path("refusal").isTextual()) {
            throw new ModelRefusalException(provider, msg.get("refusal").asText());
        }
        for (JsonNode call : msg.path("tool_calls")) {
            JsonNode fn = call.path("function");
            String name = fn.path("name").asText("");
            if (name.isEmpty()) {
                throw OpenAiCommon.malformed(provider, "a tool call without a function name: " + call);
            }
            JsonNode args = fn.path("arguments");
            Object raw = args.isTextual() ? args.asText() : args.isMissingNode() || args.isNull() ? "{}" : args;
            String id = call.path("id").asText("");
            parts.add(id.isEmpty() ? ToolCallPart.of(name, raw) : ToolCallPart.of(name, id, raw));
        }
        JsonNode u = body.path("usage");
        long cached = u.path("prompt_tokens_details").has("cached_tokens")
                ? count(u.path("prompt_tokens_details").path("cached_tokens")) : count(u.get("prompt_cache_hit_tokens"));
        Usage usage = new Usage(1, count(u.get("prompt_tokens")), count(u.get("completion_tokens")), cached,
                count(u.path("prompt_tokens_details").get("cache_write_tokens")),
                count(u.path("completion_tokens_details").get("reasoning_tokens")), 0);
        return new ModelResponse(parts, usage, body.path("model").asText(null), finishReason(finish, parts));
    }

    private static String content(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) { // some compatible servers send content parts
            if (part.path("text").isTextual()) {
                sb.append(part.get("text").asText());
            }
        }
        return sb.toString();
    }

    private static FinishReason finishReason(String finish, List<ResponsePart> parts) {
        return switch (finish) {
            case "stop" -> FinishReason.STOP;
            case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
            case "" -> parts.stream().anyMatch(ToolCallPart.class::isInstance) ? FinishReason.TOOL_CALLS : FinishReason.STOP;
            default -> FinishReason.OTHER;
        };
    }
}

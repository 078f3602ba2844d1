package dev.steadfast.anthropic.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.message.FinishReason;
import dev.steadfast.message.Message;
import dev.steadfast.message.Messages;
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
import dev.steadfast.model.ModelException;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.OutputMode;
import dev.steadfast.model.ToolDefinition;
import dev.steadfast.usage.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code /v1/messages} wire format: our messages to a request body, a response body to a
 * {@link ModelResponse}.
 *
 * <p>System prompts go to the top-level {@code system} field. Tool returns and retry prompts
 * become {@code tool_result} blocks at the head of the next user turn; consecutive turns of one
 * role are merged, as the API wants strict alternation. Thinking blocks keep their
 * {@code signature} and go back unchanged (required with extended thinking and tool use); a
 * {@code redacted_thinking} block is kept as a {@link ThinkingPart} with empty content, its data as
 * the signature and the id {@value #REDACTED}. Thinking without a signature (another provider's)
 * is not sent.
 */
public final class MessagesWire {
    /** The {@link ThinkingPart#id()} that marks Anthropic's redacted thinking. */
    public static final String REDACTED = "redacted_thinking";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String PROVIDER = "Anthropic";

    private MessagesWire() {}

    /** The request body; {@code defaultMaxTokens} applies when the settings give none (the API requires it). */
    public static ObjectNode request(String model, List<Message> messages, ModelSettings s,
                                     ModelRequestParameters p, int defaultMaxTokens) {
        if (p.outputMode() == OutputMode.NATIVE) {
            throw new ModelException("AnthropicModel does not support OutputMode.NATIVE; use OutputMode.TOOL "
                    + "(the default) or PROMPTED", false);
        }
        ObjectNode body = F.objectNode();
        body.put("model", model);
        body.put("max_tokens", s.maxTokens() != null ? s.maxTokens() : defaultMaxTokens);
        StringBuilder system = new StringBuilder();
        ArrayNode out = F.arrayNode();
        for (Message m : messages) {
            switch (m) {
                case ModelRequest req -> {
                    ArrayNode results = F.arrayNode();
                    ArrayNode texts = F.arrayNode();
                    for (var part : req.parts()) {
                        switch (part) {
                            case SystemPromptPart sp -> system.append(system.isEmpty() ? "" : "\n\n").append(sp.content());
                            case UserPromptPart up -> texts.addObject().put("type", "text").put("text", up.content());
                            case ToolReturnPart tr -> {
                                var result = results.addObject().put("type", "tool_result")
                                        .put("tool_use_id", tr.toolCallId()).put("content", tr.contentAsText());
                                if (tr.isFailed()) {
                                    result.put("is_error", true);
                                }
                            }
                            case RetryPromptPart rp -> {
                                String text = rp.content() + "\n\nFix the errors and try again.";
                                if (rp.toolCallId() != null) {
                                    results.addObject().put("type", "tool_result").put("tool_use_id", rp.toolCallId())
                                            .put("content", text).put("is_error", true);
                                } else {
                                    texts.addObject().put("type", "text").put("text", text);
                                }
                            }
                        }
                    }
                    results.addAll(texts); // tool_result blocks must come first in a user turn
                    append(out, "user", results);
                }
                case ModelResponse res -> append(out, "assistant", assistantBlocks(res));
            }
        }
        if (!system.isEmpty()) {
            body.put("system", system.toString());
        }
        body.set("messages", out);
        List<ToolDefinition> tools = p.allTools();
        if (!tools.isEmpty()) {
            ArrayNode arr = body.putArray("tools");
            for (ToolDefinition t : tools) {
                ObjectNode tool = arr.addObject().put("name", t.name());
                if (!t.description().isEmpty()) {
                    tool.put("description", t.description());
                }
                ObjectNode schema = t.parametersSchema().deepCopy();
                schema.remove("$schema");
                tool.set("input_schema", schema);
            }
            boolean parallelOff = Boolean.FALSE.equals(s.parallelToolCalls());
            if (!p.allowTextOutput() || parallelOff) {
                ObjectNode choice = body.putObject("tool_choice").put("type", p.allowTextOutput() ? "auto" : "any");
                if (parallelOff) {
                    choice.put("disable_parallel_tool_use", true);
                }
            }
        }
        if (s.temperature() != null) {
            body.put("temperature", s.temperature());
        }
        if (s.topP() != null) {
            body.put("top_p", s.topP());
        }
        if (s.stopSequences() != null && !s.stopSequences().isEmpty()) {
            ArrayNode stop = body.putArray("stop_sequences");
            s.stopSequences().forEach(stop::add);
        }
        if (s.extraBody() != null) { // e.g. "thinking": {"type": "enabled", "budget_tokens": 2048}
            for (Map.Entry<String, Object> e : s.extraBody().entrySet()) {
                body.set(e.getKey(), Messages.toTree(e.getValue()));
            }
        }
        return body;
    }

    private static ArrayNode assistantBlocks(ModelResponse res) {
        ArrayNode blocks = F.arrayNode();
        for (ResponsePart part : res.parts()) {
            switch (part) {
                case ThinkingPart th -> {
                    if (REDACTED.equals(th.id()) && th.signature() != null) {
                        blocks.addObject().put("type", "redacted_thinking").put("data", th.signature());
                    } else if (th.id() == null && th.signature() != null) {
                        blocks.addObject().put("type", "thinking").put("thinking", th.content()).put("signature", th.signature());
                    }
                }
                case TextPart t -> {
                    if (!t.content().isEmpty()) { // the API rejects empty text blocks
                        blocks.addObject().put("type", "text").put("text", t.content());
                    }
                }
                case ToolCallPart c -> blocks.addObject().put("type", "tool_use").put("id", c.toolCallId())
                        .put("name", c.toolName()).set("input", c.args().isObject() ? c.args() : F.objectNode());
            }
        }
        return blocks;
    }

    private static void append(ArrayNode out, String role, ArrayNode blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        JsonNode last = out.isEmpty() ? null : out.get(out.size() - 1);
        if (last != null && last.path("role").asText().equals(role)) {
            ((ArrayNode) last.get("content")).addAll(blocks);
        } else {
            out.addObject().put("role", role).set("content", blocks);
        }
    }

    /** The model's answer; throws a {@link ModelException} for answers that are no answer. */
    public static ModelResponse response(JsonNode body, ModelSettings s) {
        JsonNode content = body.path("content");
        if (!content.isArray()) {
            throw new ModelException(PROVIDER + " answered without a content list: " + excerpt(body), true);
        }
        String stop = body.path("stop_reason").asText("");
        switch (stop) {
            case "max_tokens" -> throw new ModelException(PROVIDER + " stopped the answer at max_tokens"
                    + (s.maxTokens() == null ? "" : " (" + s.maxTokens() + ")")
                    + " before it was complete; raise maxTokens in ModelSettings or the builder's maxTokens", false);
            case "refusal" -> throw new ModelException(PROVIDER + " refused to answer (stop_reason refusal); rephrase the request", false);
            case "model_context_window_exceeded" -> throw new ModelException(PROVIDER
                    + " stopped: the conversation fills the model's context window; shorten the history", false);
            default -> { }
        }
        List<ResponsePart> parts = new ArrayList<>();
        for (JsonNode block : content) {
            switch (block.path("type").asText("")) {
                case "text" -> parts.add(TextPart.of(block.path("text").asText("")));
                case "thinking" -> parts.add(new ThinkingPart(block.path("thinking").asText(""),
                        block.path("signature").asText(null), null));
                case "redacted_thinking" -> parts.add(new ThinkingPart("", block.path("data").asText(""), REDACTED));
                case "tool_use" -> {
                    String id = block.path("id").asText("");
                    String name = block.path("name").asText("");
                    if (id.isEmpty() || name.isEmpty()) {
                        throw new ModelException(PROVIDER + " answered with a tool_use block without id or name: " + block, true);
                    }
                    JsonNode input = block.get("input");
                    parts.add(ToolCallPart.of(name, id, input == null || input.isNull() ? "{}" : input));
                }
                default -> { } // server tool blocks we did not ask for
            }
        }
        JsonNode u = body.path("usage");
        long cacheRead = count(u.get("cache_read_input_tokens"));
        long cacheWrite = count(u.get("cache_creation_input_tokens"));
        Usage usage = new Usage(1, count(u.get("input_tokens")) + cacheRead + cacheWrite, count(u.get("output_tokens")),
                cacheRead, cacheWrite, 0, 0);
        FinishReason finish = switch (stop) {
            case "end_turn", "stop_sequence" -> FinishReason.STOP;
            case "tool_use" -> FinishReason.TOOL_CALLS;
            case "" -> null;
            default -> FinishReason.OTHER;
        };
        return new ModelResponse(parts, usage, body.path("model").asText(null), finish);
    }

    private static long count(JsonNode n) {
        return n == null || !n.canConvertToLong() ? 0 : Math.max(0, n.asLong());
    }

    private static String excerpt(JsonNode body) {
        String s = body.toString();
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}

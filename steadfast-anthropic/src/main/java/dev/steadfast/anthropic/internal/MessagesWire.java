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
    /** The stop reason of a turn a server tool paused; sending the turn back continues it. */
    public static final String PAUSE_TURN = "pause_turn";

    private MessagesWire() {}

    /**
     * The request body.
     *
     * @param defaultMaxTokens {@code max_tokens} when the settings give none (the API requires it)
     * @param cache whether to put cache-control breakpoints on the system prompt, the tools and the
     *     last message (three of the four the API allows), so each request of an agent loop reads
     *     the conversation so far from the prompt cache
     */
    public static ObjectNode request(String model, List<Message> messages, ModelSettings s,
                                     ModelRequestParameters p, int defaultMaxTokens, boolean cache) {
        ObjectNode body = F.objectNode();
        body.put("model", model);
        int maxTokens = s.maxTokens() != null ? s.maxTokens() : defaultMaxTokens;
        body.put("max_tokens", maxTokens);
        checkThinking(s, maxTokens);
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
                            case UserPromptPart up -> {
                                texts.addObject().put("type", "text").put("text", up.content());
                                up.media().forEach(media -> texts.add(mediaBlock(media)));
                            }
                            case ToolReturnPart tr -> {
                                var result = results.addObject().put("type", "tool_result").put("tool_use_id", tr.toolCallId());
                                List<Media> media = tr.media();
                                if (media.isEmpty()) {
                                    result.put("content", tr.contentAsText());
                                } else { // a tool result may hold text, image and document blocks
                                    ArrayNode content = result.putArray("content");
                                    String rest = tr.contentWithoutMedia();
                                    if (!rest.isEmpty()) {
                                        content.addObject().put("type", "text").put("text", rest);
                                    }
                                    media.forEach(m2 -> content.add(mediaBlock(m2)));
                                }
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
            if (cache) {
                cached(body.putArray("system").addObject().put("type", "text").put("text", system.toString()));
            } else {
                body.put("system", system.toString());
            }
        }
        if (cache && !out.isEmpty()) {
            ArrayNode lastBlocks = (ArrayNode) out.get(out.size() - 1).get("content");
            cached((ObjectNode) lastBlocks.get(lastBlocks.size() - 1));
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
                tool.set("input_schema", schemaOf(t));
            }
            if (cache) {
                cached((ObjectNode) arr.get(arr.size() - 1));
            }
            boolean parallelOff = Boolean.FALSE.equals(s.parallelToolCalls());
            // Anthropic rejects a forced tool choice while thinking ("Thinking may not be enabled when
            // tool_choice forces tool use"): then the model is left free and a text answer gets a retry prompt
            boolean force = !p.allowTextOutput() && !thinkingOn(s);
            if (force || parallelOff) {
                ObjectNode choice = body.putObject("tool_choice").put("type", force ? "any" : "auto");
                if (parallelOff) {
                    choice.put("disable_parallel_tool_use", true);
                }
            }
        }
        if (p.outputMode() == OutputMode.NATIVE && !p.outputTools().isEmpty()) {
            // structured outputs: the answer's text is JSON that matches the schema
            body.putObject("output_config").putObject("format").put("type", "json_schema")
                    .set("schema", schemaOf(p.outputTools().getFirst()));
        }
        if (s.thinking() != null) {
            ObjectNode thinking = body.putObject("thinking").put("type", s.thinking().type());
            if (s.thinking().budgetTokens() != null) {
                thinking.put("budget_tokens", s.thinking().budgetTokens());
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

    /** What Anthropic would reject with a 400 once the request reached it, said here with the fix. */
    private static void checkThinking(ModelSettings s, int maxTokens) {
        if (s.thinking() != null && s.thinking().budgetTokens() != null && s.thinking().budgetTokens() >= maxTokens) {
            throw new ModelException("Anthropic needs max_tokens (" + maxTokens + ") above the thinking budget ("
                    + s.thinking().budgetTokens() + "); raise maxTokens in ModelSettings or AnthropicModel.builder().maxTokens(...)"
                    + ", or lower the budget", false);
        }
        if (thinkingOn(s) && s.temperature() != null) {
            throw new ModelException("Anthropic does not accept a temperature with extended thinking; remove temperature "
                    + "from ModelSettings or turn thinking off", false);
        }
    }

    /** Whether the request asks for extended thinking, typed or through {@code extraBody}. */
    static boolean thinkingOn(ModelSettings s) {
        if (s.extraBody() != null && s.extraBody().get("thinking") != null) {
            return !"disabled".equals(Messages.toTree(s.extraBody().get("thinking")).path("type").asText());
        }
        return s.thinking() != null && s.thinking().isOn();
    }

    private static ObjectNode schemaOf(ToolDefinition t) {
        ObjectNode schema = t.parametersSchema().deepCopy();
        schema.remove("$schema");
        return schema;
    }

    private static void cached(ObjectNode block) {
        block.putObject("cache_control").put("type", "ephemeral");
    }

    /** An image or document block, by URL or as base64 bytes. */
    private static ObjectNode mediaBlock(Media media) {
        ObjectNode block = F.objectNode().put("type", media.isImage() ? "image" : "document");
        ObjectNode source = block.putObject("source");
        if (media.url() != null) {
            source.put("type", "url").put("url", media.url());
        } else {
            source.put("type", "base64").put("media_type", media.mediaType()).put("data", media.data());
        }
        return block;
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
            case "refusal" -> {
                StringBuilder text = new StringBuilder();
                content.forEach(b -> text.append(b.path("type").asText().equals("text") ? b.path("text").asText("") : ""));
                throw new ModelRefusalException(PROVIDER, text.toString());
            }
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
                cacheRead, cacheWrite, count(u.path("output_tokens_details").get("thinking_tokens")), 0);
        FinishReason finish = switch (stop) {
            case "end_turn", "stop_sequence" -> FinishReason.STOP;
            case "tool_use" -> FinishReason.TOOL_CALLS;
            case PAUSE_TURN -> FinishReason.OTHER;
            case "" -> null;
            default -> FinishReason.OTHER;
        };
        return new ModelResponse(parts, usage, body.path("model").asText(null), finish);
    }

    /**
     * Whether {@code answer} is a paused turn; if so, its content goes back on {@code body} as the
     * last assistant turn (merged with a paused turn already there), so posting {@code body} again
     * continues it.
     */
    public static boolean continuePausedTurn(ObjectNode body, JsonNode answer) {
        if (!PAUSE_TURN.equals(answer.path("stop_reason").asText())) {
            return false;
        }
        ArrayNode paused = ((ArrayNode) answer.path("content")).deepCopy();
        append((ArrayNode) body.get("messages"), "assistant", paused);
        return true;
    }

    private static long count(JsonNode n) {
        return n == null || !n.canConvertToLong() ? 0 : Math.max(0, n.asLong());
    }

    private static String excerpt(JsonNode body) {
        String s = body.toString();
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}

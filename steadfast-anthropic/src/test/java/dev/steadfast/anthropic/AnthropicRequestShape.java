package dev.steadfast.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Anthropic publishes no machine-readable request schema, so this checks a request body against
 * the rules its Messages API reference and guides document, each of which the API enforces with
 * a 400: required fields, strictly alternating roles starting with the user, the block types each
 * role may send, {@code tool_result}s first in their turn and answering exactly the previous
 * turn's {@code tool_use}s, image and document sources, tool names, no forced tool choice while
 * thinking, a thinking budget of at least 1024 below {@code max_tokens}, and at most four
 * cache breakpoints.
 */
final class AnthropicRequestShape {
    private static final Set<String> TOP_LEVEL = Set.of("model", "max_tokens", "messages", "system", "tools", "tool_choice",
            "temperature", "top_p", "top_k", "stop_sequences", "thinking", "output_config", "metadata", "stream",
            "service_tier", "container", "mcp_servers");
    private static final Set<String> USER_BLOCKS = Set.of("text", "image", "document", "tool_result");
    private static final Set<String> ASSISTANT_BLOCKS = Set.of("text", "thinking", "redacted_thinking", "tool_use",
            "server_tool_use", "web_search_tool_result", "web_fetch_tool_result", "code_execution_tool_result");
    private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    private AnthropicRequestShape() {}

    static void assertValid(JsonNode body) {
        List<String> errors = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> check(errors, TOP_LEVEL.contains(f), "unknown top-level field " + f));
        check(errors, body.path("model").isTextual(), "model must be a string");
        check(errors, body.path("max_tokens").isInt() && body.path("max_tokens").asInt() >= 1, "max_tokens must be an int >= 1");
        JsonNode system = body.path("system");
        if (!system.isMissingNode() && !system.isTextual()) {
            check(errors, system.isArray(), "system must be a string or text blocks");
            system.forEach(b -> check(errors, b.path("type").asText().equals("text") && b.path("text").isTextual(),
                    "system blocks must be text: " + b));
        }
        checkMessages(errors, body.path("messages"));
        boolean thinking = body.path("thinking").path("type").asText("disabled").matches("enabled|adaptive");
        if (body.path("thinking").path("type").asText().equals("enabled")) {
            int budget = body.path("thinking").path("budget_tokens").asInt(0);
            check(errors, budget >= 1024 && budget < body.path("max_tokens").asInt(), "thinking.budget_tokens must be >= 1024 and < max_tokens");
        }
        for (JsonNode tool : body.path("tools")) {
            check(errors, tool.path("name").asText().matches("^[a-zA-Z0-9_-]{1,64}$"), "bad tool name " + tool.path("name"));
            check(errors, tool.path("input_schema").path("type").asText().equals("object"), "input_schema must be an object schema");
        }
        String choice = body.path("tool_choice").path("type").asText("auto");
        check(errors, Set.of("auto", "any", "tool", "none").contains(choice), "bad tool_choice " + choice);
        check(errors, !thinking || choice.equals("auto") || choice.equals("none"),
                "Thinking may not be enabled when tool_choice forces tool use");
        check(errors, body.path("tool_choice").isMissingNode() || body.path("tools").isArray(), "tool_choice without tools");
        if (body.has("output_config")) {
            JsonNode format = body.path("output_config").path("format");
            check(errors, format.path("type").asText().equals("json_schema") && format.path("schema").isObject(),
                    "output_config.format must be a json_schema with a schema");
        }
        check(errors, body.findValues("cache_control").size() <= 4, "at most 4 cache_control breakpoints");
        assertThat(errors).as("Anthropic's documented request rules for %s", body).isEmpty();
    }

    private static void checkMessages(List<String> errors, JsonNode messages) {
        check(errors, messages.isArray() && !messages.isEmpty(), "messages must be a non-empty array");
        String expected = "user";
        Set<String> openToolUses = new HashSet<>();
        for (JsonNode m : messages) {
            String role = m.path("role").asText();
            check(errors, role.equals(expected), "roles must alternate starting with user, but found " + role);
            expected = role.equals("user") ? "assistant" : "user";
            JsonNode content = m.path("content");
            if (content.isTextual()) {
                check(errors, openToolUses.isEmpty(), "tool_use blocks left unanswered: " + openToolUses);
                continue;
            }
            check(errors, content.isArray() && !content.isEmpty(), "content must be a string or non-empty blocks");
            if (role.equals("user")) {
                boolean seenOther = false;
                Set<String> answered = new HashSet<>();
                for (JsonNode b : content) {
                    String type = b.path("type").asText();
                    check(errors, USER_BLOCKS.contains(type), "a user turn cannot hold a " + type + " block");
                    if (type.equals("tool_result")) {
                        check(errors, !seenOther, "tool_result blocks must come first in a user turn");
                        answered.add(b.path("tool_use_id").asText());
                        JsonNode c = b.path("content");
                        if (c.isArray()) {
                            c.forEach(inner -> {
                                check(errors, Set.of("text", "image", "document").contains(inner.path("type").asText()),
                                        "a tool_result cannot hold " + inner);
                                checkMedia(errors, inner);
                            });
                        }
                    } else {
                        seenOther = true;
                        checkMedia(errors, b);
                    }
                }
                check(errors, answered.equals(openToolUses), "the user turn must answer exactly the tool_use ids "
                        + openToolUses + " but answered " + answered);
                openToolUses.clear();
            } else {
                check(errors, openToolUses.isEmpty(), "tool_use blocks left unanswered: " + openToolUses);
                for (JsonNode b : content) {
                    String type = b.path("type").asText();
                    check(errors, ASSISTANT_BLOCKS.contains(type), "an assistant turn cannot hold a " + type + " block");
                    switch (type) {
                        case "text" -> check(errors, !b.path("text").asText().isEmpty(), "text blocks must not be empty");
                        case "thinking" -> check(errors, b.path("signature").isTextual(), "thinking needs its signature");
                        case "redacted_thinking" -> check(errors, b.path("data").isTextual(), "redacted_thinking needs data");
                        case "tool_use" -> {
                            check(errors, b.path("input").isObject(), "tool_use input must be an object");
                            openToolUses.add(b.path("id").asText());
                        }
                        default -> { }
                    }
                }
            }
        }
    }

    private static void checkMedia(List<String> errors, JsonNode b) {
        String type = b.path("type").asText();
        if (!type.equals("image") && !type.equals("document")) {
            return;
        }
        JsonNode source = b.path("source");
        switch (source.path("type").asText()) {
            case "url" -> check(errors, source.path("url").asText().startsWith("http"), "a url source needs an http(s) url");
            case "base64" -> {
                String mt = source.path("media_type").asText();
                check(errors, type.equals("image") ? IMAGE_TYPES.contains(mt) : mt.equals("application/pdf"),
                        "bad media_type " + mt + " for " + type);
                check(errors, source.path("data").isTextual() && !source.path("data").asText().isEmpty(), "base64 source needs data");
            }
            default -> errors.add("bad " + type + " source " + source);
        }
    }

    private static void check(List<String> errors, boolean ok, String error) {
        if (!ok) {
            errors.add(error);
        }
    }
}

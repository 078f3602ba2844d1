package dev.steadfast.openai.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.message.Messages;
import dev.steadfast.media.Media;
import dev.steadfast.message.RetryPromptPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.message.UserPromptPart;
import dev.steadfast.model.ModelException;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.ToolDefinition;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** What the Chat Completions and Responses wire formats share: tool schemas, settings, finish errors. */
final class OpenAiCommon {
    private OpenAiCommon() {}

    /** The text before files a tool returned, where the API puts them in a message of their own. */
    static final String TOOL_FILES_TEXT = "The files returned by the tool calls above:";

    /** A tool result that returned files, as text: what else it returned, and how many files follow. */
    static String withFilesNote(ToolReturnPart tr, List<Media> media) {
        String rest = tr.contentWithoutMedia();
        String note = "(" + media.size() + (media.size() == 1 ? " file follows" : " files follow") + " in the next message)";
        return rest.isEmpty() ? note : rest + "\n" + note;
    }

    /**
     * A user message: plain text content, or, with media, a text part of type {@code textType}
     * followed by each file as {@code addMedia} writes it.
     */
    static void putUserPrompt(ObjectNode user, UserPromptPart up, String textType, BiConsumer<ArrayNode, Media> addMedia) {
        user.put("role", "user");
        if (up.media().isEmpty()) {
            user.put("content", up.content());
            return;
        }
        ArrayNode content = user.putArray("content");
        content.addObject().put("type", textType).put("text", up.content());
        up.media().forEach(media -> addMedia.accept(content, media));
    }

    /** A retry prompt as the text the model reads. */
    static String retryText(RetryPromptPart p) {
        return p.content() + "\n\nFix the errors and try again.";
    }

    /**
     * Puts {@code name}, {@code description}, the schema (under {@code schemaField}) and
     * {@code strict} on {@code target}: a strict tool's schema is rewritten for strict mode, or sent
     * non-strict, with a warning, when it cannot be (an open map, say): {@link StrictSchemas}.
     */
    static void putSchema(ObjectNode target, ToolDefinition def, String schemaField) {
        target.put("name", def.name());
        if (!def.description().isEmpty()) {
            target.put("description", def.description());
        }
        var schema = StrictSchemas.of(def);
        target.set(schemaField, schema.schema());
        target.put("strict", schema.strict()); // explicit: the Responses API defaults to strict
    }

    /** Sampling settings both APIs name the same way, then {@code extraBody} on top. */
    static void putSampling(ObjectNode body, ModelSettings s) {
        if (s.temperature() != null) {
            body.put("temperature", s.temperature());
        }
        if (s.topP() != null) {
            body.put("top_p", s.topP());
        }
    }

    /** Provider-specific fields from {@link ModelSettings#extraBody()}, overriding ours. */
    static void putExtraBody(ObjectNode body, ModelSettings s) {
        if (s.extraBody() != null) {
            for (Map.Entry<String, Object> e : s.extraBody().entrySet()) {
                body.set(e.getKey(), Messages.toTree(e.getValue()));
            }
        }
    }

    static ModelException lengthError(String provider, ModelSettings s) {
        return new ModelException(provider + " stopped the answer at the output token limit"
                + (s.maxTokens() == null ? "" : " (maxTokens=" + s.maxTokens() + ")")
                + " before it was complete; raise maxTokens in ModelSettings or ask for a shorter answer", false);
    }

    static ModelException contentFilterError(String provider) {
        return new ModelException(provider + "'s content filter stopped the answer; rephrase the request", false);
    }

    static long count(JsonNode n) {
        return n == null || !n.canConvertToLong() ? 0 : Math.max(0, n.asLong());
    }

    static ModelException malformed(String provider, String what) {
        return new ModelException(provider + " answered with " + what, true);
    }
}

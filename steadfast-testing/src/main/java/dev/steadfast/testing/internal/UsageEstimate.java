package dev.steadfast.testing.internal;

import dev.steadfast.message.Message;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.Part;
import dev.steadfast.message.RetryPromptPart;
import dev.steadfast.message.SystemPromptPart;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ThinkingPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.message.UserPromptPart;
import dev.steadfast.usage.Usage;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic stand-in for the token counts a provider would report, so that usage limits
 * and sums can be tested without a real model.
 *
 * <p>A "token" here is a word: a maximal run of letters and digits. Input tokens are the words in
 * every part of every message sent; output tokens are the words in the response's parts. Tool
 * names count, and tool arguments and returns count by their JSON text, so
 * {@code search({"query":"fsync"})} is three words: {@code search}, {@code query}, {@code fsync}.
 * The request count is 1.
 */
public final class UsageEstimate {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private UsageEstimate() {}

    /** {@code response} as is when it reports usage, else with the estimate in its place. */
    public static ModelResponse fillIn(List<Message> messages, ModelResponse response) {
        if (!response.usage().equals(Usage.NONE)) {
            return response;
        }
        long input = 0;
        for (Message m : messages) {
            input += words(m.parts());
        }
        return response.withUsage(Usage.ofTokens(input, words(response.parts())));
    }

    static long words(List<? extends Part> parts) {
        long n = 0;
        for (Part p : parts) {
            n += words(text(p));
        }
        return n;
    }

    static long words(String text) {
        Matcher m = WORD.matcher(text);
        long n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static String text(Part part) {
        return switch (part) {
            case SystemPromptPart p -> p.content();
            case UserPromptPart p -> p.content();
            case ToolReturnPart p -> p.toolName() + " " + p.contentAsText();
            case RetryPromptPart p -> (p.toolName() == null ? "" : p.toolName() + " ") + p.content();
            case TextPart p -> p.content();
            case ToolCallPart p -> p.toolName() + " " + p.argsAsJson();
            case ThinkingPart p -> p.content();
        };
    }
}

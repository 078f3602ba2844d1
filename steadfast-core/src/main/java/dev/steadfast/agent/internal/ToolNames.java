package dev.steadfast.agent.internal;

import java.util.regex.Pattern;

/**
 * The names OpenAI and Anthropic accept for tools: 1 to 64 ASCII letters, digits, {@code _} or
 * {@code -}. Checked when the agent is built, so a bad name fails there, naming the tool, and not
 * as a 400 from the provider in the middle of a run.
 */
final class ToolNames {
    static final int MAX_LENGTH = 64;
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9_-]{1," + MAX_LENGTH + "}");

    private ToolNames() {}

    /**
     * Fails unless {@code name} is one the providers accept.
     *
     * @param what the tool as the user knows it ({@code Tool 'shop.search' on Shop.search})
     * @param fix what to do about it
     */
    static void check(String name, String what, String fix) {
        if (VALID.matcher(name).matches()) {
            return;
        }
        String why = name.isEmpty() ? "is empty" : name.length() > MAX_LENGTH ? "is " + name.length() + " characters long"
                : "contains '" + firstBad(name) + "'";
        throw new IllegalArgumentException(what + ": the name " + why + "; model providers accept only 1-" + MAX_LENGTH
                + " ASCII letters, digits, '_' and '-' — " + fix);
    }

    private static String firstBad(String name) {
        return name.codePoints().filter(c -> !(c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-')))
                .mapToObj(Character::toString).findFirst().orElse("?");
    }
}

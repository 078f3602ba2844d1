package dev.steadfast.engine.internal;

import java.util.Random;

/** Text for payload tests, from a fixed seed: how well it compresses is part of what the tests check. */
public final class TestTexts {
    private static final String[] FEW_WORDS = {"the", "model", "returned", "a", "summary", "of", "weather", "in",
            "Paris", "and", "Berlin", "with", "temperature", "forecast", "for", "next", "week", "42", "percent", "rain"};
    private static final String[] WORDS = ("the of and to a in is that for it as with was on be by this are or from"
            + " at an which can has have not but its will more also than one these other their into data model step"
            + " result request response agent tool value order price customer account report city weather forecast"
            + " temperature search query answer question summary source document page update version").split(" ");

    private TestTexts() {}

    /** Prose-like text of exactly {@code chars} characters: words from a vocabulary of 20, so with many long repeats. */
    public static String prose(int chars, long seed) {
        var random = new Random(seed);
        var out = new StringBuilder();
        while (out.length() < chars) {
            out.append(FEW_WORDS[random.nextInt(FEW_WORDS.length)]).append(random.nextInt(8) == 0 ? ". " : " ");
        }
        return out.substring(0, chars);
    }

    /**
     * A model's answer as JSON, {@code chars} characters of text plus 33 of JSON around it: sentences
     * of words from a vocabulary of 72, common ones more often. LZ4 shrinks a kilobyte of it about
     * as much as it does real English prose of that size (1.2–1.35×, where zlib reached 1.75–1.95×):
     * a kilobyte holds few repeats of 4 bytes or more, and LZ4 has no entropy coding for the rest.
     */
    public static String answerJson(int chars, long seed) {
        var random = new Random(seed);
        var text = new StringBuilder();
        while (text.length() < chars) {
            int words = 6 + random.nextInt(12);
            for (int w = 0; w < words; w++) {
                String word = WORDS[(int) (WORDS.length * Math.pow(random.nextDouble(), 2))];
                text.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word)
                        .append(w == words - 1 ? ". " : random.nextInt(8) == 0 ? ", " : " ");
            }
        }
        return "{\"role\":\"assistant\",\"content\":\"" + text.substring(0, chars) + "\"}";
    }
}

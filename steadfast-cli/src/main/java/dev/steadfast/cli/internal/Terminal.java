package dev.steadfast.cli.internal;

import java.io.PrintWriter;

/**
 * Where a command writes: stdout and stderr, and whether they are a terminal (colour and progress
 * lines only then). Text that came from a model or a tool is data: {@link #safe} makes it inert.
 */
public record Terminal(PrintWriter out, PrintWriter err, boolean tty) {
    /**
     * {@code text} with control characters (escape sequences, carriage returns, bells) shown as
     * {@code \\uXXXX}, so untrusted text cannot move the cursor, recolour or rewrite the terminal.
     * Newlines and tabs are kept only if {@code multiline}.
     */
    public static String safe(String text, boolean multiline) {
        if (text == null) {
            return "";
        }
        var b = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            boolean keep = multiline && (c == '\n' || c == '\t');
            if (!keep && (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E)
                    || (c >= 0x2066 && c <= 0x2069))) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    /** One line of untrusted text, cut to {@code max} characters. */
    public static String line(String text, int max) {
        String s = safe(text == null ? "" : text.replaceAll("\\s+", " ").strip(), false);
        return s.length() <= max ? s : s.substring(0, Math.max(0, max - 1)) + "…";
    }

    /** {@code text} in {@code ansi} colour on a terminal, plain otherwise. */
    public String color(String ansi, String text) {
        return tty ? "\u001b[" + ansi + "m" + text + "\u001b[0m" : text;
    }
}

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
            if (!keep
                    && (Character.isISOControl(c)
                            || c == 0x2028
                            || c == 0x2029
                            || (c >= 0x202A && c <= 0x202E)
                            || (c >= 0x2066 && c <= 0x2069))) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    /**
     * {@code value} as one argument of a command line the user may copy and paste: as it is when it is
     * plain ({@code mail-1}, {@code call_1a2b}), else in single quotes (a quote inside written {@code '\''}),
     * with control characters made inert. A run id or a tool call id a model chose cannot run a command
     * or rewrite the terminal this way.
     */
    public static String arg(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty()
                && v.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || "._:/@%+=,-".indexOf(c) >= 0))) {
            return v;
        }
        return "'" + safe(v, false).replace("'", "'\\''") + "'";
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

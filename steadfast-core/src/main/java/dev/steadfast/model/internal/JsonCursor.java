package dev.steadfast.model.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Walks one JSON text in a byte array without building a tree: compares keys in place, skips the
 * values nobody reads, and makes a {@code String} only of the values that are read. A streamed
 * answer is thousands of small chunks of which a client wants one or two fields, so this is what
 * keeps a delta near the cost of its own text (a Jackson tree of a chunk is some 2–3 KB of garbage).
 * It reads only well-formed JSON; anything else (or anything a caller does not expect) is an
 * {@link Unexpected}, upon which callers read the chunk the ordinary way, which reports it properly.
 *
 * <pre>{@code
 * JsonCursor c = new JsonCursor(data, 0, length);
 * c.enterObject();
 * while (c.nextKey()) {
 *     if (c.keyIs(CONTENT)) text = c.stringOrNull(); else c.skipValue();
 * }
 * }</pre>
 */
public final class JsonCursor {
    /**
     * The JSON is not what the cursor or its caller expected. One shared instance without a stack
     * trace: it only sends the caller to its ordinary reading, so it must cost nothing to throw.
     */
    public static final class Unexpected extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private Unexpected() {
            super("not the JSON expected", null, false, false);
        }
    }

    /** The one {@link Unexpected}, for callers that meet JSON they do not expect. */
    @SuppressWarnings("StaticAssignmentOfThrowable") // stackless and immutable: safe to share, free to throw
    public static final Unexpected UNEXPECTED = new Unexpected();

    /** The bytes that end a number or literal. */
    private static final boolean[] DELIMITER = new boolean[256];

    static {
        for (char c : "{}[],: \t\r\n\"".toCharArray()) {
            DELIMITER[c] = true;
        }
    }

    private byte[] b;
    private int end;
    private int pos;
    private int keyStart;
    private int keyEnd;
    private boolean first;

    public JsonCursor(byte[] bytes, int offset, int length) {
        reset(bytes, offset, length);
    }

    /** Points this cursor at another JSON text, so one cursor serves every chunk of a stream. */
    public JsonCursor reset(byte[] bytes, int offset, int length) {
        this.b = bytes;
        this.pos = offset;
        this.end = offset + length;
        this.first = false;
        return this;
    }

    /** An ASCII key, for {@link #keyIs}. */
    public static byte[] key(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
    }

    /** Enters the object that comes next. */
    public void enterObject() {
        expect('{');
        first = true;
    }

    /** Enters the array that comes next. */
    public void enterArray() {
        expect('[');
        first = true;
    }

    /** Moves to the next key of the current object (then to its value); false at the object's end. */
    public boolean nextKey() {
        if (!more('}')) {
            return false;
        }
        if (peek() != '"') {
            throw bad();
        }
        keyStart = pos + 1;
        keyEnd = stringEnd(pos) - 1;
        pos = keyEnd + 1;
        for (int i = keyStart; i < keyEnd; i++) {
            if (b[i] == '\\') {
                throw bad(); // escaped keys are not expected in provider chunks
            }
        }
        expect(':');
        return true;
    }

    /** Moves to the next element of the current array; false at the array's end. */
    public boolean nextElement() {
        return more(']');
    }

    private boolean more(char close) {
        skipWs();
        if (peek() == close) {
            pos++;
            first = false;
            return false;
        }
        if (!first) {
            expect(',');
            skipWs();
        }
        first = false;
        return true;
    }

    /** Whether the current key is {@code key}. */
    public boolean keyIs(byte[] key) {
        return Arrays.equals(b, keyStart, keyEnd, key, 0, key.length);
    }

    /** Whether the value that comes next is {@code null}; if so it is consumed. */
    public boolean nullValue() {
        skipWs();
        if (end - pos >= 4 && b[pos] == 'n' && b[pos + 1] == 'u' && b[pos + 2] == 'l' && b[pos + 3] == 'l') {
            pos += 4;
            return true;
        }
        return false;
    }

    /** The string value that comes next, or {@code null} for a JSON null. */
    public String stringOrNull() {
        if (nullValue()) {
            return null;
        }
        if (peek() != '"') {
            throw bad();
        }
        int start = pos + 1;
        int close = stringEnd(pos) - 1;
        pos = close + 1;
        for (int i = start; i < close; i++) {
            if (b[i] == '\\') {
                return unescape(start, close);
            }
        }
        return new String(b, start, close - start, StandardCharsets.UTF_8);
    }

    /** The non-negative integer value that comes next (a part or block index). */
    public int intValue() {
        skipWs();
        long v = 0;
        int start = pos;
        while (pos < end && b[pos] >= '0' && b[pos] <= '9' && pos - start < 9) {
            v = v * 10 + (b[pos++] - '0');
        }
        if (pos == start || (pos < end && !DELIMITER[b[pos] & 0xff])) {
            throw bad();
        }
        return (int) v;
    }

    /** The bounds of the string value that comes next, as {@code [start, end)} packed in a long. */
    public long stringBounds() {
        skipWs();
        if (peek() != '"') {
            throw bad();
        }
        int start = pos + 1;
        int close = stringEnd(pos) - 1;
        pos = close + 1;
        return ((long) start << 32) | close;
    }

    /** Skips the value that comes next, whatever it is. */
    public void skipValue() {
        skipWs();
        int depth = 0;
        do {
            byte c = peek();
            switch (c) {
                case '"' -> pos = stringEnd(pos);
                case '{', '[' -> {
                    depth++;
                    pos++;
                }
                case '}', ']' -> {
                    depth--;
                    pos++;
                }
                default -> {
                    if (depth > 0 && (c == ',' || c == ':' || isWs(c))) {
                        pos++;
                    } else { // a number or literal
                        int start = pos;
                        while (pos < end && !DELIMITER[b[pos] & 0xff]) {
                            pos++;
                        }
                        if (pos == start) {
                            throw bad();
                        }
                    }
                }
            }
            if (depth < 0) {
                throw bad();
            }
        } while (depth > 0);
    }

    /** Checks that nothing but white space follows. */
    public void expectEnd() {
        skipWs();
        if (pos != end) {
            throw bad();
        }
    }

    /** The index just past the closing quote of the string whose opening quote is at {@code at}. */
    private int stringEnd(int at) {
        for (int i = at + 1; i < end; i++) {
            if (b[i] == '\\') {
                i++;
            } else if (b[i] == '"') {
                return i + 1;
            }
        }
        throw bad();
    }

    private String unescape(int start, int close) {
        StringBuilder sb = new StringBuilder(close - start);
        int run = start;
        for (int i = start; i < close; i++) {
            if (b[i] != '\\') {
                continue;
            }
            sb.append(new String(b, run, i - run, StandardCharsets.UTF_8));
            char e = (char) b[++i];
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    if (i + 4 >= close) {
                        throw bad();
                    }
                    sb.append((char) Integer.parseInt(new String(b, i + 1, 4, StandardCharsets.US_ASCII), 16));
                    i += 4;
                }
                case '"', '\\', '/' -> sb.append(e);
                default -> throw bad();
            }
            run = i + 1;
        }
        return sb.append(new String(b, run, close - run, StandardCharsets.UTF_8))
                .toString();
    }

    private void expect(char c) {
        skipWs();
        if (peek() != c) {
            throw bad();
        }
        pos++;
    }

    private byte peek() {
        if (pos >= end) {
            throw bad();
        }
        return b[pos];
    }

    private void skipWs() {
        while (pos < end && isWs(b[pos])) {
            pos++;
        }
    }

    private static boolean isWs(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static Unexpected bad() {
        return UNEXPECTED;
    }
}

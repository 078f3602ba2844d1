package dev.steadfast.model.internal;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads server-sent events (the {@code text/event-stream} format of the HTML standard) from a byte
 * stream: lines end in LF, CRLF or CR; {@code event:} names the event, {@code data:} lines are joined
 * with {@code \n}, lines starting with {@code :} are comments (keep-alives), {@code id:} and
 * {@code retry:} are ignored, a blank line dispatches the event; an event cut off by the end of the
 * stream is dropped, as the standard says.
 *
 * <p>Written on the JDK rather than taken from a library: the format is a page of rules, the model
 * clients already use {@code java.net.http}, and a dependency (OkHttp's SSE module, Jetty's client)
 * would bring a second HTTP stack into every application for those rules. It also lets the hot path
 * stay lean: the data of an event is handed over as bytes in a reused buffer (Jackson parses bytes
 * directly), so reading a delta allocates no line {@code String}s.
 *
 * <pre>{@code
 * new SseReader(body).read((event, data, length) -> {
 *     if (SseReader.isDone(data, length)) return;   // OpenAI's "data: [DONE]"
 *     JsonNode chunk = mapper.readTree(data, 0, length);
 * });
 * }</pre>
 */
public final class SseReader {
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);

    /** Receives each dispatched event. */
    @FunctionalInterface
    public interface Listener {
        /**
         * One event.
         *
         * @param event the {@code event:} name, or {@code "message"} when the event named none
         * @param data the event's data, UTF-8, valid in {@code [0, length)} only during this call
         */
        void onEvent(String event, byte[] data, int length) throws IOException;
    }

    private final InputStream in;
    private byte[] buf = new byte[8192];
    private int pos;
    private int limit;
    private byte[] data = new byte[1024];
    private int dataLength;
    private boolean hasData;
    private String event;
    private byte[] lastEventName = new byte[0];
    private String lastEvent = "message";
    private boolean skipLf;

    public SseReader(InputStream in) {
        this.in = requireNonNull(in, "in");
    }

    /** Whether an event's data is {@code [DONE]}, OpenAI's end-of-stream marker. */
    public static boolean isDone(byte[] data, int length) {
        return Arrays.equals(data, 0, length, DONE, 0, DONE.length);
    }

    /** Reads events until the stream ends, handing each to {@code listener} on this thread. */
    public void read(Listener listener) throws IOException {
        while (true) {
            int lineEnd = findLineEnd();
            if (lineEnd < 0) {
                if (!fill()) {
                    return; // an event without its blank line was cut off: dropped
                }
                continue;
            }
            int start = pos;
            pos = lineEnd + 1;
            skipLf = buf[lineEnd] == '\r';
            line(start, lineEnd, listener);
        }
    }

    /** The index of the next line terminator at or after {@link #pos}, or -1. */
    private int findLineEnd() {
        if (skipLf && pos < limit) {
            if (buf[pos] == '\n') {
                pos++;
            }
            skipLf = false;
        }
        for (int i = pos; i < limit; i++) {
            byte b = buf[i];
            if (b == '\n' || b == '\r') {
                return i;
            }
        }
        return -1;
    }

    /** Reads more bytes behind the unfinished line; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2); // a line longer than the buffer
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            return false;
        }
        limit += n;
        return true;
    }

    private void line(int start, int end, Listener listener) throws IOException {
        if (start == end) {
            dispatch(listener);
            return;
        }
        if (buf[start] == ':') {
            return; // a comment, e.g. a keep-alive
        }
        int colon = start;
        while (colon < end && buf[colon] != ':') {
            colon++;
        }
        int valueStart = colon < end ? colon + 1 : end;
        if (valueStart < end && buf[valueStart] == ' ') {
            valueStart++;
        }
        if (Arrays.equals(buf, start, colon, DATA, 0, DATA.length)) {
            int n = end - valueStart;
            if (dataLength + n + 1 > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, dataLength + n + 1));
            }
            if (hasData) {
                data[dataLength++] = '\n';
            }
            System.arraycopy(buf, valueStart, data, dataLength, n);
            dataLength += n;
            hasData = true;
        } else if (Arrays.equals(buf, start, colon, EVENT, 0, EVENT.length)) {
            event = eventName(valueStart, end);
        }
    }

    /** The event's name; the previous event's {@code String} again when the name repeats. */
    private String eventName(int start, int end) {
        if (!Arrays.equals(buf, start, end, lastEventName, 0, lastEventName.length)) {
            lastEventName = Arrays.copyOfRange(buf, start, end);
            lastEvent = new String(lastEventName, StandardCharsets.UTF_8);
        }
        return lastEvent;
    }

    private void dispatch(Listener listener) throws IOException {
        String name = event == null || event.isEmpty() ? "message" : event;
        boolean dispatch = hasData;
        int length = dataLength;
        event = null;
        hasData = false;
        dataLength = 0;
        if (dispatch) {
            listener.onEvent(name, data, length);
        }
    }
}

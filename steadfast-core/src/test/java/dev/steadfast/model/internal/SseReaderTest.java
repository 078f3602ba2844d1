package dev.steadfast.model.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server-sent events rules of the HTML standard that provider streams rely on. */
class SseReaderTest {
    record Event(String name, String data) {}

    private static List<Event> read(InputStream in) throws IOException {
        List<Event> events = new ArrayList<>();
        new SseReader(in)
                .read((name, data, length) ->
                        events.add(new Event(name, new String(data, 0, length, StandardCharsets.UTF_8))));
        return events;
    }

    private static List<Event> read(String text) throws IOException {
        return read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Hands out one byte per read, so every line and every CRLF is split across reads. */
    private static InputStream trickle(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            int i;

            @Override
            public int read() {
                return i < bytes.length ? bytes[i++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (i == bytes.length) {
                    return -1;
                }
                b[off] = bytes[i++];
                return 1;
            }
        };
    }

    @Test
    void namedEventsMultiLineDataCommentsAndIgnoredFields() throws IOException {
        String text = ": a keep-alive comment\n"
                + "event: content_block_delta\nid: 7\nretry: 1000\ndata: {\"a\":\ndata:1}\n\n"
                + "data: [DONE]\n\n";

        assertThat(read(text))
                .containsExactly(new Event("content_block_delta", "{\"a\":\n1}"), new Event("message", "[DONE]"));
    }

    @Test
    void everyLineEndingWorksEvenWhenSplitAcrossReads() throws IOException {
        String text = "event: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\rdata: é😀\n\n";

        List<Event> expected = List.of(new Event("a", "1"), new Event("b", "2"), new Event("message", "é😀"));
        assertThat(read(text)).isEqualTo(expected);
        assertThat(read(trickle(text))).isEqualTo(expected);
    }

    @Test
    void anEventCutOffByTheEndOfTheStreamIsDroppedAndEmptyEventsAreNotDispatched() throws IOException {
        assertThat(read("event: ping\n\ndata: whole\n\ndata: {\"half\":"))
                .containsExactly(new Event("message", "whole"));
    }

    @Test
    void linesLongerThanTheBufferAndEmptyDataAreKept() throws IOException {
        String big = "x".repeat(50_000);

        assertThat(read("data: " + big + "\n\ndata\n\n"))
                .containsExactly(new Event("message", big), new Event("message", ""));
    }

    @Test
    void doneIsRecognisedOnlyAsTheWholeData() {
        byte[] done = "[DONE]".getBytes(StandardCharsets.US_ASCII);
        byte[] more = "[DONE] and more".getBytes(StandardCharsets.US_ASCII);

        assertThat(SseReader.isDone(done, done.length)).isTrue();
        assertThat(SseReader.isDone(more, more.length)).isFalse();
        assertThat(SseReader.isDone(done, 3)).isFalse();
    }
}

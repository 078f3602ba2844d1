package dev.steadfast.model.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.steadfast.message.Messages;
import dev.steadfast.model.ModelException;
import dev.steadfast.model.ModelTimeoutException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cancelling and timing out a stream against a real local server that streams slowly: the server
 * must see the connection closed, not keep writing to a client that went away.
 */
class JsonHttpClientStreamTest {
    private final HttpServer server;
    private final CountDownLatch clientGone = new CountDownLatch(1);
    private final CountDownLatch stalled = new CountDownLatch(1);
    private final AtomicInteger sent = new AtomicInteger();
    private volatile Mode mode = Mode.SLOW;

    enum Mode {
        SLOW,
        STALL,
        KEEP_ALIVE
    }

    JsonHttpClientStreamTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            try {
                for (int i = 0; i < 2_000; i++) { // at most ~100 s: the client leaves long before
                    Mode m = mode;
                    String event = m == Mode.KEEP_ALIVE && i > 0 && i < 40
                            ? ": keep-alive\n\n"
                            : "data: {\"n\":" + i + "}\n\n";
                    out.write(event.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    sent.incrementAndGet();
                    if (m == Mode.STALL) {
                        stalled.await(60, TimeUnit.SECONDS); // until the test ends
                    }
                    if (m == Mode.KEEP_ALIVE && i == 40) {
                        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                        break;
                    }
                    Thread.sleep(50);
                }
                out.close();
            } catch (IOException e) {
                clientGone.countDown(); // the write failed: the client closed the connection
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        stalled.countDown();
        server.stop(0);
    }

    private JsonHttpClient client(Duration timeout) {
        return new JsonHttpClient(
                "Test",
                "http://127.0.0.1:" + server.getAddress().getPort(),
                Map.of(),
                Map.of(),
                List.of(),
                timeout,
                null,
                Clock.systemUTC());
    }

    private void stream(JsonHttpClient client, SseReader.Listener listener) {
        client.stream("/stream", Messages.mapper().createObjectNode().put("stream", true), null, listener);
    }

    @Test
    void aConsumerThatThrowsCancelsTheRequestAndTheServerSeesTheConnectionClosed() throws InterruptedException {
        var client = client(Duration.ofSeconds(30));
        RuntimeException stop = new IllegalStateException("the consumer had enough");

        var thrown = catchThrowableOfType(
                IllegalStateException.class,
                () -> stream(client, (event, data, length) -> {
                    throw stop;
                }));

        assertThat(thrown).isSameAs(stop);
        assertThat(clientGone.await(30, TimeUnit.SECONDS))
                .as("the server saw the connection closed")
                .isTrue();
    }

    @Test
    void anInterruptCancelsTheRequestAndKeepsTheInterruptFlag() throws InterruptedException {
        var client = client(Duration.ofSeconds(30));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        CountDownLatch firstEvent = new CountDownLatch(1);
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                stream(client, (event, data, length) -> firstEvent.countDown());
            } catch (RuntimeException e) {
                failure.set(e);
            }
            flag.set(Thread.currentThread().isInterrupted());
        });
        assertThat(firstEvent.await(30, TimeUnit.SECONDS)).isTrue();

        reader.interrupt();
        reader.join(Duration.ofSeconds(30));

        assertThat(failure.get()).isInstanceOf(ModelException.class).hasMessageContaining("Interrupted");
        assertThat(((ModelException) failure.get()).isRetryable()).isFalse();
        assertThat(flag.get()).isTrue();
        assertThat(clientGone.await(30, TimeUnit.SECONDS))
                .as("the server saw the connection closed")
                .isTrue();
    }

    @Test
    void aStreamThatStallsPastTheTimeoutFailsAsATimeout() {
        mode = Mode.STALL;
        var client = client(Duration.ofMillis(500));
        AtomicInteger received = new AtomicInteger();

        var e = catchThrowableOfType(
                ModelTimeoutException.class, () -> stream(client, (event, data, length) -> received.incrementAndGet()));

        assertThat(e.getMessage()).contains("sent nothing for 500 ms").contains("not its whole length");
        assertThat(e.isRetryable()).isTrue();
        assertThat(received.get()).isEqualTo(1);
    }

    @Test
    void theTimeoutBoundsSilencesNotTheWholeStream() {
        mode = Mode.KEEP_ALIVE; // ~2 s of keep-alive comments every 50 ms, then data and [DONE]
        var client = client(Duration.ofSeconds(1));
        AtomicInteger received = new AtomicInteger();

        stream(client, (event, data, length) -> received.incrementAndGet());

        assertThat(received.get()).isEqualTo(3); // the first event, the one after the keep-alives, [DONE]
        assertThat(sent.get()).isGreaterThan(30);
    }

    @Test
    void aConsumerThatPausesLongerThanTheTimeoutIsNotASilentServer() {
        mode = Mode.KEEP_ALIVE; // events every 50 ms, then [DONE]: the server is never silent for long
        var client = client(Duration.ofMillis(300));
        AtomicInteger received = new AtomicInteger();

        // the reader stops reading for 1.5 s at the first event (a slow subscriber holding the run at a full
        // buffer): that silence is the reader's own, and a timeout here would pay for the answer again
        stream(client, (event, data, length) -> {
            if (received.incrementAndGet() == 1) {
                try {
                    Thread.sleep(1_500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });

        assertThat(received.get()).isEqualTo(3);
    }
}

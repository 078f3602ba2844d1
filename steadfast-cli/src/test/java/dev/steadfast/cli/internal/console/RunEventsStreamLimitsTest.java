package dev.steadfast.cli.internal.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event stream of a run that waits (no event for as long as it waits): headers at once, a heartbeat
 * comment while idle, so a client that went away is noticed and its stream freed, and a cap on open streams.
 */
class RunEventsStreamLimitsTest {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    /** Opens {@code /api/runs/w-1/events} on a raw socket and reads the status line and headers. */
    private static Socket open(ConsoleServer s, List<String> head) throws Exception {
        var socket = new Socket("127.0.0.1", s.uri().getPort());
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /api/runs/w-1/events HTTP/1.1\r\nHost: 127.0.0.1:"
                        + s.uri().getPort() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            head.add(line);
        }
        head.add(nextNonEmpty(in));
        return socket;
    }

    private static String nextNonEmpty(BufferedReader in) throws Exception {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (!line.isBlank() && !line.matches("[0-9a-fA-F]+")) { // chunk sizes of the chunked body
                return line;
            }
        }
        return null;
    }

    private int status(ConsoleServer s) throws Exception {
        var r = http.send(
                HttpRequest.newBuilder(s.uri().resolve("/api/runs/w-1/events"))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        r.body().close();
        return r.statusCode();
    }

    @Test
    void aWaitingRunsStreamSendsHeadersAndHeartbeatsAndAClosedClientFreesItsPlace() throws Exception {
        try (WorkflowEngine engine = EmbeddedEngine.builder()
                        .database(dir.resolve("e.db"))
                        .register(new ConsoleSecurityTest.Waits())
                        .build();
                var console = ConsoleServer.start(
                        engine,
                        new ConsoleServer.Settings("127.0.0.1", 0, null, null, "e.db"),
                        new RunEventsStream(Duration.ofMillis(100), 1))) {
            engine.start(ConsoleSecurityTest.Waits.class, "w-1", "x");

            List<String> head = new ArrayList<>();
            try (Socket first = open(console, head)) {
                // before any event: the status, the type, then a heartbeat comment
                assertThat(head.getFirst()).isEqualTo("HTTP/1.1 200 OK");
                assertThat(head).contains("Content-type: text/event-stream; charset=utf-8");
                assertThat(head.getLast()).isEqualTo(": heartbeat");

                var second = http.send(
                        HttpRequest.newBuilder(console.uri().resolve("/api/runs/w-1/events"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(second.statusCode()).isEqualTo(503);
                assertThat(second.body()).contains("already serves 1 event streams");
                assertThat(second.headers().firstValue("Retry-After")).hasValue("30");
            }
            // the first client is gone without a word: the next heartbeat fails and its place is free again
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int status;
            do {
                status = status(console);
            } while (status == 503 && System.nanoTime() < deadline);
            assertThat(status).isEqualTo(200);
        }
    }

    @Test
    void theHeartbeatAndTheCapAreValidated() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RunEventsStream(Duration.ZERO, 1))
                .hasMessage("heartbeat must be > 0 but was PT0S");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RunEventsStream(Duration.ofSeconds(1), 0))
                .hasMessage("maxStreams must be >= 1 but was 0");
    }
}

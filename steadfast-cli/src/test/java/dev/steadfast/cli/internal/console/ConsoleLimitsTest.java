package dev.steadfast.cli.internal.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.message.Messages;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console under abuse: a body too large is answered 413, and half-open connections neither starve it nor stay forever. */
class ConsoleLimitsTest {
    @TempDir
    Path dir;
    WorkflowEngine engine;
    ConsoleServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    @BeforeEach
    void start() throws IOException {
        engine = EmbeddedEngine.builder().database(dir.resolve("c.db")).register(new ConsoleSecurityTest.Waits()).build();
        engine.start(ConsoleSecurityTest.Waits.class, "w-1", "x");
        server = ConsoleServer.start(engine, new ConsoleServer.Settings("127.0.0.1", 0, null, null, "c.db"));
    }

    @AfterEach
    void stop() {
        server.close();
        engine.close();
    }

    private String csrf() throws Exception {
        var r = http.send(HttpRequest.newBuilder(server.uri().resolve("/api/session")).build(), HttpResponse.BodyHandlers.ofString());
        return Messages.mapper().readTree(r.body()).path("csrf").asText();
    }

    @Test
    void aBodyOverTheLimitIsAnswered413() throws Exception {
        String csrf = csrf();
        String host = "127.0.0.1:" + server.uri().getPort();
        // declared too large: answered before a byte of the body is read
        try (var socket = new Socket("127.0.0.1", server.uri().getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/runs/w-1/signal HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                    + Guard.CSRF_HEADER + ": " + csrf + "\r\nContent-Length: 10000000\r\nConnection: close\r\n\r\n{\"name\":")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(head).isEqualTo("HTTP/1.1 413");
        }
        // streamed (no length given) past the limit
        String big = "{\"name\":\"go\",\"payload\":\"" + "x".repeat(70 * 1024) + "\"}";
        var r = http.send(HttpRequest.newBuilder(server.uri().resolve("/api/runs/w-1/signal"))
                .POST(HttpRequest.BodyPublishers.ofString(big))
                .headers("Content-Type", "application/json", Guard.CSRF_HEADER, csrf).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("over 65536 bytes");
        assertThat(engine.describe("w-1").decisions()).noneMatch(d -> d.kind() == dev.steadfast.run.Decision.Kind.SIGNAL);
    }

    @Test
    void threeHundredHalfOpenConnectionsDoNotStarveARealRequestAndAreClosed() throws Exception {
        var idle = new ArrayList<Socket>();
        try {
            for (int i = 0; i < 300; i++) {
                var s = new Socket("127.0.0.1", server.uri().getPort());
                s.getOutputStream().write("GET /api/runs HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)); // and never the rest
                idle.add(s);
            }
            var r = http.send(HttpRequest.newBuilder(server.uri().resolve("/api/runs")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("w-1");
            // the server gives up on them (a request must arrive whole within ConsoleServer.REQUEST_SECONDS)
            assertThat(closedByServer(idle, Duration.ofSeconds(90))).isEqualTo(idle.size());
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    /** How many of {@code sockets} the server closed (read gives end of stream) within {@code within}. */
    private static int closedByServer(List<Socket> sockets, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        int closed = 0;
        for (Socket s : sockets) {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return closed;
                }
                s.setSoTimeout((int) Math.min(left, 1_000));
                try {
                    InputStream in = s.getInputStream();
                    if (in.read() == -1) {
                        closed++;
                        break;
                    }
                } catch (SocketTimeoutException stillOpen) {
                    // wait on
                } catch (IOException reset) {
                    closed++;
                    break;
                }
            }
        }
        return closed;
    }
}

package dev.steadfast.testing.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.steadfast.message.Messages;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on {@code 127.0.0.1} that plays a provider's wire format: queue replies with
 * {@link #enqueue}, point a model client at {@link #url()}, then read what the client sent with
 * {@link #takeRequest()}. Replies can also misbehave the ways networks do: never answer, or drop
 * the connection half-way through the body. Modelled on OkHttp's MockWebServer.
 *
 * <pre>{@code
 * try (WireServer server = WireServer.start()) {
 *     server.enqueue(Reply.json(200, "{\"choices\": []}"));
 *     server.enqueue(Reply.json(429, "{}").header("Retry-After", "2"));
 *     Model model = OpenAiChatModel.builder().baseUrl(server.url()).model("gpt-4.1").build();
 *     ...
 *     RecordedRequest sent = server.takeRequest();
 *     assertThat(sent.header("authorization")).isEqualTo("Bearer sk-test");
 * }
 * }</pre>
 */
public final class WireServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    private final BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    private WireServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A server on a free loopback port. */
    public static WireServer start() {
        try {
            return new WireServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's root URL, e.g. {@code http://127.0.0.1:54321}, without a trailing slash. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues the reply to the next request (replies are used in order; none queued means HTTP 500). */
    public WireServer enqueue(Reply reply) {
        replies.add(reply);
        return this;
    }

    /** The next request the server received, waiting up to 5 seconds for it. */
    public RecordedRequest takeRequest() {
        try {
            RecordedRequest r = requests.poll(5, TimeUnit.SECONDS);
            if (r == null) {
                throw new AssertionError("no request arrived within 5 s");
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** How many requests arrived and were not yet taken. */
    public int pendingRequests() {
        return requests.size();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            Map<String, String> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            requests.add(new RecordedRequest(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                    ex.getRequestURI().getRawQuery(), headers, new String(body, StandardCharsets.UTF_8)));
            Reply reply = replies.poll();
            if (reply == null) {
                reply = Reply.json(500, "{\"error\":{\"message\":\"WireServer: no reply enqueued\"}}");
            }
            if (reply.hang) {
                closed.await(30, TimeUnit.SECONDS); // bounded: the test's client times out long before
                return;
            }
            reply.headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            byte[] out = reply.body.getBytes(StandardCharsets.UTF_8);
            if (reply.dropMidBody) {
                ex.sendResponseHeaders(reply.status, out.length + 1000L);
                OutputStream os = ex.getResponseBody();
                os.write(out, 0, out.length / 2);
                os.flush();
                server.stop(0); // closes every connection: the body ends early
                return;
            }
            ex.sendResponseHeaders(reply.status, out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                ex.getResponseBody().write(out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    /** What a client sent. Header names are lower case. */
    public record RecordedRequest(String method, String path, String query, Map<String, String> headers, String body) {
        public RecordedRequest {
            headers = Map.copyOf(headers);
        }

        /** A header's value, or {@code null}. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The body as JSON. */
        public JsonNode json() {
            try {
                return Messages.mapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("request body is not JSON: " + body, e);
            }
        }
    }

    /** A reply for {@link #enqueue}. */
    public static final class Reply {
        private final int status;
        private final String body;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private boolean hang;
        private boolean dropMidBody;

        private Reply(int status, String body) {
            this.status = status;
            this.body = body;
        }

        /** A JSON reply. */
        public static Reply json(int status, String body) {
            return new Reply(status, body).header("Content-Type", "application/json");
        }

        /** A reply with any body (e.g. malformed JSON or an HTML error page). */
        public static Reply raw(int status, String contentType, String body) {
            return new Reply(status, body).header("Content-Type", contentType);
        }

        /** Never answers (until the server closes), to test client timeouts. */
        public static Reply hang() {
            Reply r = new Reply(200, "");
            r.hang = true;
            return r;
        }

        /**
         * Sends the headers and half of {@code body}, then closes the connection. The server stops
         * accepting requests afterwards.
         */
        public static Reply dropMidBody(String body) {
            Reply r = new Reply(200, body).header("Content-Type", "application/json");
            r.dropMidBody = true;
            return r;
        }

        public Reply header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        @Override
        public String toString() {
            return "Reply[" + status + (hang ? ", hang" : "") + (dropMidBody ? ", drop" : "") + "]";
        }
    }
}

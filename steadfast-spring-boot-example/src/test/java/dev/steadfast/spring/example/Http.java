package dev.steadfast.spring.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import org.springframework.context.ConfigurableApplicationContext;

/** A JSON client for a running application: real HTTP on the port the application listens on. */
final class Http {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String base;

    Http(ConfigurableApplicationContext app) {
        this(Integer.parseInt(app.getEnvironment().getProperty("local.server.port", "-1")));
    }

    Http(int port) {
        this.base = "http://localhost:" + port;
    }

    /** A response: its status, its body as text and, when it is JSON, as a tree. */
    record Response(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response post(String path, String json, String... headers) {
        var b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b);
    }

    Response send(HttpRequest.Builder request) {
        try {
            var r = CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GETs {@code path} until its JSON satisfies {@code condition}; generous, never a timing assertion. */
    JsonNode await(String path, Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Response r = get(path);
            if (r.status() == 200 && condition.test(r.json())) {
                return r.json();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "GET " + path + " never met the condition; last: " + r.status() + " " + r.body());
            }
            Thread.sleep(50);
        }
    }
}

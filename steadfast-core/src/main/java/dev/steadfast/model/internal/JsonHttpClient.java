package dev.steadfast.model.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.message.Messages;
import dev.steadfast.model.ModelException;
import dev.steadfast.model.ModelTimeoutException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * POSTs JSON to one provider and returns the JSON answer, turning every failure into a
 * {@link ModelException} that says whether a retry can help. It never retries by itself: in a
 * durable run the step's retry policy owns retrying, so every attempt is recorded.
 *
 * <p>Header values and the API key are never part of {@link #toString()}, of a message or of a
 * body excerpt. Redirects are not followed (they are reported as errors naming the new address).
 *
 * <pre>{@code
 * var http = new JsonHttpClient("OpenAI", "https://api.openai.com/v1", Map.of("Authorization", "Bearer " + key),
 *         Map.of(), List.of(key), Duration.ofMinutes(10), null, Clock.systemUTC());
 * JsonNode answer = http.post("/chat/completions", body, null);   // or a classified ModelException
 * }</pre>
 */
public final class JsonHttpClient {
    private final String provider;
    private final String baseUrl;
    private final Map<String, String> headers;
    private final Map<String, String> queryParams;
    private final List<String> secrets;
    private final Duration timeout;
    private final HttpClient http;
    private final Clock clock;

    /**
     * @param provider display name for messages, e.g. {@code OpenAI}
     * @param baseUrl the API root; a path such as {@code /chat/completions} is appended to it
     * @param headers sent with every request (auth included)
     * @param queryParams added to every URL (e.g. Azure's {@code api-version})
     * @param secrets values to mask wherever text leaves this client (API keys)
     * @param timeout the default time one request may take, headers and body
     * @param http the client to send with, or {@code null} for a new one
     * @param clock for {@code Retry-After} dates
     */
    public JsonHttpClient(
            String provider,
            String baseUrl,
            Map<String, String> headers,
            Map<String, String> queryParams,
            List<String> secrets,
            Duration timeout,
            HttpClient http,
            Clock clock) {
        this.provider = requireNonNull(provider, "provider");
        this.baseUrl = stripTrailingSlash(requireNonNull(baseUrl, "baseUrl"));
        URI parsed = URI.create(this.baseUrl);
        if (parsed.getScheme() == null || !parsed.getScheme().startsWith("http")) {
            throw new IllegalArgumentException("baseUrl must be an http(s) URL but was '" + baseUrl + "'");
        }
        this.headers = Map.copyOf(headers);
        this.queryParams = new LinkedHashMap<>(queryParams);
        this.secrets = secrets.stream().filter(s -> s != null && !s.isEmpty()).toList();
        this.timeout = requireNonNull(timeout, "timeout");
        this.http = http != null
                ? http
                : HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .followRedirects(HttpClient.Redirect.NEVER) // a redirect could carry the key to another host
                        .build();
        this.clock = requireNonNull(clock, "clock");
    }

    /** The API root this client talks to. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The full URL for {@code path}, query parameters included. */
    public URI uri(String path) {
        String query = queryParams.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return URI.create(baseUrl + path + (query.isEmpty() ? "" : "?" + query));
    }

    /** A whole (not streamed) answer to a streaming request: a JSON object, or a retryable failure saying what came. */
    private JsonNode whole(String where, String type, String text) {
        try {
            JsonNode json = Messages.mapper().readTree(text);
            if (json != null && json.isObject()) {
                return json;
            }
        } catch (IOException e) {
            // said below
        }
        throw new ModelException(
                where + " answered a streaming request with content type " + type
                        + ", neither server-sent events nor a JSON object: " + excerpt(text),
                true,
                null,
                null);
    }

    /**
     * POSTs {@code body} to {@code path} and returns the parsed JSON answer.
     *
     * @param timeoutOverride this request's timeout, or {@code null} for the client's default
     * @throws ModelException on any failure, classified for retrying
     */
    public JsonNode post(String path, JsonNode body, Duration timeoutOverride) {
        Duration t = timeoutOverride != null ? timeoutOverride : timeout;
        String where = where(path);
        HttpResponse<String> res = await(
                http.sendAsync(
                        request(path, body, t, "application/json"),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)),
                where,
                t);
        int status = res.statusCode();
        if (status < 200 || status > 299) {
            throw HttpErrors.classify(provider, status, res.headers(), res.body(), clock, secrets);
        }
        try {
            JsonNode json = Messages.mapper().readTree(res.body());
            if (json == null || json.isMissingNode() || !json.isObject()) {
                throw new IOException("not a JSON object");
            }
            return json;
        } catch (IOException e) {
            throw new ModelException(
                    where + " answered HTTP " + status + " with a body that is not a JSON object: "
                            + excerpt(res.body()),
                    true,
                    null,
                    null);
        }
    }

    /**
     * POSTs {@code body} (which asks for a stream) to {@code path} and hands each server-sent event
     * of the answer to {@code listener}, on this thread, until the stream ends. {@code timeoutOverride}
     * (or the client's timeout) bounds the wait for the headers and then every silence between two
     * chunks (an idle timeout, not a cap on the whole answer): a stream that stalls longer fails with a
     * {@link ModelTimeoutException}. A listener that throws, or an interrupt of this thread, closes the
     * response body, which cancels the HTTP exchange at once; the listener's exception is rethrown.
     *
     * @return {@code null} when the answer streamed; the answer itself, a JSON object, when the server answered the
     *     streaming request whole (it does not stream), for the caller to read as a blocking answer
     * @throws ModelException on any failure before or during the stream, classified for retrying
     */
    public JsonNode stream(String path, JsonNode body, Duration timeoutOverride, SseReader.Listener listener) {
        Duration t = timeoutOverride != null ? timeoutOverride : timeout;
        String where = where(path);
        HttpResponse<InputStream> res = await(
                http.sendAsync(request(path, body, t, "text/event-stream"), HttpResponse.BodyHandlers.ofInputStream()),
                where,
                t);
        IdleWatchdog in = IdleWatchdog.watch(res.body(), t.toNanos());
        try (in) {
            int status = res.statusCode();
            if (status < 200 || status > 299) {
                String text = new String(in.readNBytes(HttpErrors.MAX_BODY + 1), StandardCharsets.UTF_8);
                throw HttpErrors.classify(provider, status, res.headers(), text, clock, secrets);
            }
            String type = res.headers().firstValue("content-type").orElse("(none)");
            if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream")) {
                // a server that does not stream (some OpenAI-compatible ones ignore "stream": true) answers whole:
                // that answer is the response, read as request() reads it
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return whole(where, type, text);
            }
            new SseReader(in).read((event, data, length) -> {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("interrupted");
                }
                listener.onEvent(event, data, length);
            });
            if (in.timedOut()) {
                throw stalled(where, t);
            }
            return null;
        } catch (InterruptedIOException e) {
            throw interrupted(where, e);
        } catch (IOException e) {
            if (in.timedOut()) {
                throw stalled(where, t);
            }
            if (Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException) {
                throw interrupted(where, e);
            }
            throw transportFailure(where, e, t);
        }
    }

    private HttpRequest request(String path, JsonNode body, Duration t, String accept) {
        URI uri = uri(path);
        HttpRequest.Builder req = HttpRequest.newBuilder(uri)
                .timeout(t)
                .header("Content-Type", "application/json")
                .header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            req.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance with local servers
        }
        headers.forEach(req::header);
        return req.build();
    }

    private String where(String path) {
        return provider + " at " + redact(baseUrl + path);
    }

    /** The response once its headers (and, for a string body, the body) arrived within {@code t}. */
    private <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> future, String where, Duration t) {
        try {
            // request.timeout() does not bound a body that stalls after the headers; this does.
            return future.get(t.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ModelTimeoutException(where + " did not answer within " + t.toMillis() + " ms", null);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ModelException("Interrupted while waiting for " + where, false, null, e);
        } catch (ExecutionException e) {
            throw transportFailure(where, e.getCause() == null ? e : e.getCause(), t);
        }
    }

    private static ModelTimeoutException stalled(String where, Duration t) {
        return new ModelTimeoutException(
                where + " sent nothing for " + t.toMillis() + " ms in the middle of a streamed "
                        + "answer; the request timeout bounds each silence of a stream, not its whole length",
                null);
    }

    private static ModelException interrupted(String where, IOException e) {
        Thread.currentThread().interrupt();
        return new ModelException(
                "Interrupted while reading the stream from " + where + "; the request was cancelled", false, null, e);
    }

    private ModelException transportFailure(String where, Throwable cause, Duration t) {
        if (cause instanceof HttpTimeoutException) {
            return new ModelTimeoutException(where + " did not answer within " + t.toMillis() + " ms", null);
        }
        if (cause instanceof ConnectException) {
            return new ModelException(
                    "Could not connect to " + where + " (" + redact(String.valueOf(cause.getMessage()))
                            + ") — is the server running and the base URL right?",
                    true,
                    null,
                    null);
        }
        if (cause instanceof IOException) {
            return new ModelTimeoutException(
                    "The connection to " + where + " failed or dropped mid-response: "
                            + cause.getClass().getSimpleName() + ": " + redact(String.valueOf(cause.getMessage())),
                    null);
        }
        return new ModelException(
                "Request to " + where + " failed: " + cause.getClass().getSimpleName() + ": "
                        + redact(String.valueOf(cause.getMessage())),
                false,
                null,
                null);
    }

    private String excerpt(String body) {
        if (body == null || body.isEmpty()) {
            return "(empty)";
        }
        String b = body.length() > 300 ? body.substring(0, 300) + "…" : body;
        return redact(b);
    }

    /** {@code text} with this client's secrets (and anything shaped like an API key) masked. */
    public String redact(String text) {
        return HttpErrors.redact(text, secrets);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String stripTrailingSlash(String url) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    @Override
    public String toString() {
        return "JsonHttpClient[" + provider + " " + redact(baseUrl) + ", headers=" + headers.keySet() + ", query="
                + queryParams.keySet() + ", timeout=" + timeout + "]";
    }
}

package dev.steadfast.model.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.message.Messages;
import dev.steadfast.model.ModelException;
import dev.steadfast.model.ModelHttpException;
import dev.steadfast.model.RateLimitedException;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a provider's HTTP error into the right {@link ModelException}: 429 and 529 are rate limits
 * (with the wait the server asked for), 408/409/5xx are retryable, every other status is not —
 * unless the server says otherwise in {@code x-should-retry: true|false}, which wins.
 * OpenAI and Anthropic share the error body shape {@code {"error": {"message": ..., "type": ...}}},
 * so one classifier serves both.
 *
 * <pre>{@code
 * if (status >= 300) throw HttpErrors.classify("Anthropic", status, res.headers(), res.body(), clock, List.of(apiKey));
 * }</pre>
 */
public final class HttpErrors {
    static final int MAX_BODY = 2_000;
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");
    private static final Pattern KEY_LIKE = Pattern.compile("\\b(sk-(?:ant-)?)[A-Za-z0-9_*\\-]{6,}");

    private HttpErrors() {}

    /**
     * The exception for a non-2xx answer.
     *
     * @param provider the provider's display name, e.g. {@code OpenAI}
     * @param secrets values that must never appear in a message or body excerpt (API keys)
     */
    public static ModelHttpException classify(
            String provider, int status, HttpHeaders headers, String body, Clock clock, Collection<String> secrets) {
        String safeBody = redact(truncate(body), secrets);
        String detail = providerMessage(safeBody);
        Optional<Boolean> shouldRetry = headers.firstValue("x-should-retry")
                .map(v -> v.strip().toLowerCase(java.util.Locale.ROOT))
                .filter(v -> v.equals("true") || v.equals("false"))
                .map(Boolean::parseBoolean);
        if (shouldRetry.isPresent() && shouldRetry.get() != ModelHttpException.isRetryableStatus(status)) {
            // the server knows better than the status (as the official SDKs honour it)
            return new ModelHttpException(
                    status,
                    provider + " answered HTTP " + status + ": " + detail
                            + (shouldRetry.get()
                                    ? " (the server says a retry may succeed)"
                                    : " (the server says not to retry)"),
                    safeBody,
                    shouldRetry.get());
        }
        if (status == 429 || status == 529) {
            Duration wait = retryAfter(headers, clock).orElse(null);
            String what = status == 429 ? "rate limited the request" : "is overloaded";
            return new RateLimitedException(
                    status,
                    provider + " " + what + " (HTTP " + status + ")"
                            + (wait == null ? "" : ", retry after " + wait.toMillis() + " ms") + ": " + detail,
                    safeBody,
                    wait);
        }
        String hint = switch (status) {
            case 400 ->
                isContextLengthError(safeBody)
                        ? " — the conversation is longer than the model's context window; shorten the history"
                        : "";
            case 401 -> " — check the API key";
            case 403 -> " — the key may lack access to this model or endpoint";
            case 404 -> " — check the base URL and the model name";
            case 301, 302, 303, 307, 308 ->
                " — the server redirects to "
                        + redact(headers.firstValue("location").orElse("another address"), secrets)
                        + "; use that as the base URL (redirects are not followed, so the key stays where it was sent)";
            default -> "";
        };
        return new ModelHttpException(status, provider + " answered HTTP " + status + ": " + detail + hint, safeBody);
    }

    /** Whether an error body says the prompt is too long for the model. */
    public static boolean isContextLengthError(String body) {
        String b = body == null ? "" : body.toLowerCase(java.util.Locale.ROOT);
        return b.contains("context_length_exceeded")
                || b.contains("context length")
                || b.contains("prompt is too long")
                || b.contains("maximum context");
    }

    /**
     * How long the server asked us to wait: {@code retry-after-ms}, then {@code Retry-After}
     * (seconds or an HTTP date), then the later of OpenAI's {@code x-ratelimit-reset-requests} /
     * {@code x-ratelimit-reset-tokens} (durations such as {@code 1s}, {@code 6m0s}, {@code 20ms}).
     */
    public static Optional<Duration> retryAfter(HttpHeaders headers, Clock clock) {
        Optional<Duration> ms = headers.firstValue("retry-after-ms")
                .flatMap(v -> parseNumber(v).map(d -> Duration.ofNanos((long) (d * 1_000_000))));
        if (ms.isPresent()) {
            return ms;
        }
        Optional<String> ra = headers.firstValue("retry-after");
        if (ra.isPresent()) {
            Optional<Duration> seconds = parseNumber(ra.get()).map(d -> Duration.ofMillis((long) (d * 1000)));
            if (seconds.isPresent()) {
                return seconds;
            }
            Optional<Duration> date = parseHttpDate(ra.get(), clock);
            if (date.isPresent()) {
                return date;
            }
        }
        Duration reset = null;
        for (String h : new String[] {"x-ratelimit-reset-requests", "x-ratelimit-reset-tokens"}) {
            Optional<Duration> d = headers.firstValue(h).flatMap(HttpErrors::parseGoDuration);
            if (d.isPresent() && (reset == null || d.get().compareTo(reset) > 0)) {
                reset = d.get();
            }
        }
        return Optional.ofNullable(reset);
    }

    /** Parses OpenAI's reset durations: {@code 1s}, {@code 6m0s}, {@code 20ms}, {@code 1h2m3.5s}. */
    public static Optional<Duration> parseGoDuration(String text) {
        String t = text.trim();
        Matcher m = GO_DURATION.matcher(t);
        double nanos = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double v = Double.parseDouble(m.group(1));
            nanos += v
                    * switch (m.group(2)) {
                        case "h" -> 3_600e9;
                        case "m" -> 60e9;
                        case "s" -> 1e9;
                        default -> 1e6;
                    };
            end = m.end();
        }
        if (end == 0 || end != t.length()) {
            return parseNumber(t).map(d -> Duration.ofMillis((long) (d * 1000)));
        }
        return Optional.of(Duration.ofNanos((long) nanos));
    }

    /** {@code text} with every secret and anything shaped like an API key masked. */
    public static String redact(String text, Collection<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            if (s != null && s.length() >= 4) {
                out = out.replace(s, "***");
            }
        }
        return KEY_LIKE.matcher(out).replaceAll("$1***");
    }

    /** The provider's own error message from a body, or the body itself. */
    static String providerMessage(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        try {
            JsonNode root = Messages.mapper().readTree(body);
            JsonNode error = root.path("error");
            JsonNode message = error.isTextual() ? error : error.path("message");
            if (message.isTextual()) {
                String type = error.path("type").asText(error.path("code").asText(""));
                return message.asText() + (type.isEmpty() ? "" : " (" + type + ")");
            }
            if (root.path("message").isTextual()) {
                return root.path("message").asText();
            }
        } catch (Exception notJson) {
            // fall through: show the raw (redacted, truncated) body
        }
        return body.strip();
    }

    private static String truncate(String body) {
        if (body == null) {
            return "";
        }
        return body.length() <= MAX_BODY ? body : body.substring(0, MAX_BODY) + "…(truncated)";
    }

    private static Optional<Double> parseNumber(String v) {
        try {
            double d = Double.parseDouble(v.trim());
            return d >= 0 && Double.isFinite(d) ? Optional.of(d) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> parseHttpDate(String v, Clock clock) {
        try {
            ZonedDateTime at = ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}

package dev.steadfast.model.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.message.Messages;
import dev.steadfast.model.ModelException;
import dev.steadfast.model.ModelHttpException;
import dev.steadfast.model.ModelTimeoutException;
import dev.steadfast.model.RateLimitedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * What can go wrong inside a stream that began well: the server reports an error in an event, an
 * event's data is not JSON, or the stream ends before the answer does. Each becomes the same kind of
 * {@link ModelException} the blocking path throws for the same trouble, so a step's retry policy
 * treats a streamed and a blocking request alike: an error event is classified by its type as the
 * HTTP status that carries it before a stream starts (Anthropic's {@code overloaded_error} is a 529,
 * a {@link RateLimitedException}, retryable; {@code invalid_request_error} is a 400, not retryable).
 *
 * <pre>{@code
 * JsonNode chunk = StreamFailures.json("OpenAI", data, length);
 * if (chunk.has("error")) throw StreamFailures.errorEvent("OpenAI", chunk.get("error"), http::redact);
 * }</pre>
 */
public final class StreamFailures {
    private StreamFailures() {}

    /** The event's data as a JSON object, or a retryable {@link ModelException} saying it is not one. */
    public static JsonNode json(String provider, byte[] data, int length) {
        try {
            JsonNode json = Messages.mapper().readTree(data, 0, length);
            if (json != null && json.isObject()) {
                return json;
            }
        } catch (IOException malformed) {
            // reported below with the data
        }
        String text = new String(data, 0, Math.min(length, 300), StandardCharsets.UTF_8);
        return throwMalformed(provider, text);
    }

    private static JsonNode throwMalformed(String provider, String text) {
        throw new ModelException(
                provider + " sent a stream event whose data is not a JSON object: " + text
                        + (text.length() == 300 ? "…" : "") + "; asking again may help",
                true);
    }

    /**
     * The exception for an error event, {@code error} being its {@code {"type"|"code", "message"}}
     * object; {@code redact} masks secrets in the text it quotes.
     */
    public static ModelException errorEvent(String provider, JsonNode error, UnaryOperator<String> redact) {
        String type = error.path("type").asText("");
        if (type.isEmpty() || type.equals("error")) {
            type = error.path("code").asText("");
        }
        int status = switch (type) {
            case "invalid_request_error", "invalid_request" -> 400;
            case "authentication_error" -> 401;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "request_too_large" -> 413;
            case "rate_limit_error", "rate_limit_exceeded", "requests", "tokens" -> 429;
            case "overloaded_error" -> 529;
            case "timeout_error" -> 504;
            default -> 500; // api_error, server_error, or a type we do not know: the server's trouble
        };
        String body = redact.apply(error.toString());
        String message = provider + " reported an error in the middle of a streamed answer: "
                + redact.apply(error.path("message").asText("(no message)"))
                + (type.isEmpty() ? "" : " (" + type + ")");
        if (status == 429 || status == 529) {
            return new RateLimitedException(status, message + " — a retry may succeed", body, null);
        }
        boolean retryable = ModelHttpException.isRetryableStatus(status);
        return new ModelHttpException(status, message + (retryable ? " — a retry may succeed" : ""), body, retryable);
    }

    /** The stream ended (cleanly, as far as HTTP goes) before the event that ends an answer. */
    public static ModelTimeoutException endedEarly(String provider, String missing) {
        return new ModelTimeoutException(
                provider + " ended the stream before the answer was complete (no " + missing
                        + " event); the connection may have dropped — asking again may help",
                null);
    }
}

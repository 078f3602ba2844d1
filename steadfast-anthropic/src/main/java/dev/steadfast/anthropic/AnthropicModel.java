package dev.steadfast.anthropic;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.anthropic.internal.MessagesStream;
import dev.steadfast.anthropic.internal.MessagesWire;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.ResponsePart;
import dev.steadfast.model.Model;
import dev.steadfast.model.ModelException;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.ModelStreamEvent;
import dev.steadfast.model.internal.JsonHttpClient;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A Claude model behind Anthropic's Messages API ({@code POST /v1/messages}). System prompts,
 * parallel {@code tool_use} / {@code tool_result} blocks, extended thinking
 * ({@link ModelSettings.Thinking}; its blocks' signatures kept so they go back unchanged, its tokens
 * counted as reasoning tokens) together with typed output, structured outputs for
 * {@code OutputMode.NATIVE}, images and PDFs, prompt-cache breakpoints ({@link Builder#promptCaching}).
 * A turn the server pauses ({@code stop_reason: "pause_turn"}) is sent back and continued within
 * the same call, up to {@value #MAX_CONTINUATIONS} times. A refusal is a
 * {@link dev.steadfast.model.ModelRefusalException}. Thread-safe; does no hidden retries (a durable
 * step's retry policy owns retrying); a 429 or an overloaded 529 is a
 * {@link dev.steadfast.model.RateLimitedException} with the wait the server asked for.
 *
 * <pre>{@code
 * Model claude = AnthropicModel.builder()
 *         .apiKey(System.getenv("ANTHROPIC_API_KEY"))
 *         .model("claude-sonnet-4-5")
 *         .maxTokens(8192)                                   // the API requires max_tokens
 *         .promptCaching(true)                               // system, tools and the conversation so far
 *         .defaultSettings(ModelSettings.builder().thinking(ModelSettings.Thinking.budget(2048)).build())
 *         .build();
 * }</pre>
 */
public final class AnthropicModel implements Model {
    public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
    public static final String DEFAULT_VERSION = "2023-06-01";
    public static final int DEFAULT_MAX_TOKENS = 4096;
    /** How many times one call continues a paused turn before it gives up. */
    public static final int MAX_CONTINUATIONS = 5;

    private final String model;
    private final ModelSettings defaults;
    private final int maxTokens;
    private final boolean promptCaching;
    private final JsonHttpClient http;

    private AnthropicModel(Builder b) {
        this.model = b.model;
        this.defaults = b.defaults;
        this.maxTokens = b.maxTokens;
        this.promptCaching = b.promptCaching;
        Map<String, String> headers = new LinkedHashMap<>(b.headers);
        headers.put("anthropic-version", b.version);
        List<String> secrets = new ArrayList<>();
        if (b.apiKey != null && !b.apiKey.isEmpty()) {
            headers.put("x-api-key", b.apiKey);
            secrets.add(b.apiKey);
        }
        b.headers.forEach((name, value) -> {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.contains("auth") || n.contains("key") || n.contains("token")) {
                secrets.add(value);
                secrets.add(value.replaceFirst("(?i)^bearer\\s+", ""));
            }
        });
        this.http = new JsonHttpClient(
                "Anthropic", b.baseUrl, headers, b.queryParams, secrets, b.timeout, b.httpClient, b.clock);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return model;
    }

    @Override
    public String provider() {
        return "anthropic";
    }

    @Override
    public ModelResponse request(List<Message> messages, ModelSettings settings, ModelRequestParameters parameters) {
        ModelSettings s = defaults.merge(settings);
        var body = MessagesWire.request(
                model,
                messages,
                s,
                parameters == null ? ModelRequestParameters.TEXT : parameters,
                maxTokens,
                promptCaching);
        return answer(body, s, (b, partsSoFar) -> http.post("/v1/messages", b, s.timeout()));
    }

    /**
     * Streams the answer ({@code "stream": true}): text, thinking and tool-input deltas as they
     * arrive, then the same response {@link #request} returns — a paused turn is continued, streamed
     * too, with its parts' indexes following the parts before it. The timeout bounds each silence of
     * the stream (an idle timeout), not its whole length.
     */
    @Override
    public ModelResponse requestStream(
            List<Message> messages,
            ModelSettings settings,
            ModelRequestParameters parameters,
            Consumer<? super ModelStreamEvent> events) {
        requireNonNull(events, "events");
        ModelSettings s = defaults.merge(settings);
        var body = MessagesWire.request(
                model,
                messages,
                s,
                parameters == null ? ModelRequestParameters.TEXT : parameters,
                maxTokens,
                promptCaching);
        body.put("stream", true);
        var unstreamed = new java.util.concurrent.atomic.AtomicBoolean();
        ModelResponse response = answer(body, s, (b, partsSoFar) -> {
            var stream = new MessagesStream(events, http::redact, partsSoFar);
            JsonNode whole = http.stream("/v1/messages", b, s.timeout(), stream);
            if (whole != null) { // the server does not stream: its whole answer, reported at once below
                unstreamed.set(true);
                return whole;
            }
            return stream.answer();
        });
        if (unstreamed.get()) {
            ModelStreamEvent.emitWhole(response, events);
        }
        return response;
    }

    /** Sends {@code body} with {@code send} (given the parts so far), continuing a paused turn. */
    private ModelResponse answer(ObjectNode body, ModelSettings s, BiFunction<ObjectNode, Integer, JsonNode> send) {
        JsonNode answer = send.apply(body, 0);
        ModelResponse response = MessagesWire.response(answer, s);
        for (int continued = 0; MessagesWire.continuePausedTurn(body, answer); continued++) {
            if (continued == MAX_CONTINUATIONS) {
                throw new ModelException(
                        "Anthropic paused the turn " + (MAX_CONTINUATIONS + 1) + " times in a row "
                                + "(stop_reason pause_turn, a long-running server tool); giving up on this request",
                        true);
            }
            answer = send.apply(body, response.parts().size());
            ModelResponse next = MessagesWire.response(answer, s);
            List<ResponsePart> parts = new ArrayList<>(response.parts());
            parts.addAll(next.parts());
            response = new ModelResponse(
                    parts, response.usage().plus(next.usage()), next.modelName(), next.finishReason());
        }
        return response;
    }

    @Override
    public String toString() {
        return "AnthropicModel[" + model + " at " + http.baseUrl() + "]";
    }

    /** Builds an {@link AnthropicModel}; only {@link #model} is required. */
    public static final class Builder {
        private String model;
        private String apiKey;
        private String baseUrl = DEFAULT_BASE_URL;
        private String version = DEFAULT_VERSION;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final Map<String, String> queryParams = new LinkedHashMap<>();
        private ModelSettings defaults = ModelSettings.DEFAULTS;
        private int maxTokens = DEFAULT_MAX_TOKENS;
        private Duration timeout = Duration.ofMinutes(10);
        private HttpClient httpClient;
        private Clock clock = Clock.systemUTC();
        private boolean promptCaching;

        private Builder() {}

        /** The model name, e.g. {@code claude-sonnet-4-5}. Required. */
        public Builder model(String name) {
            requireNonNull(name, "model");
            if (name.isBlank()) {
                throw new IllegalArgumentException("model must not be blank");
            }
            this.model = name;
            return this;
        }

        /** The API key, sent as {@code x-api-key}; default none. Never logged or shown in messages. */
        public Builder apiKey(String key) {
            this.apiKey = key;
            return this;
        }

        /** The API root, {@code /v1/messages} is appended; default {@value #DEFAULT_BASE_URL}. */
        public Builder baseUrl(String url) {
            this.baseUrl = requireNonNull(url, "baseUrl");
            return this;
        }

        /** The {@code anthropic-version} header; default {@value #DEFAULT_VERSION}. */
        public Builder anthropicVersion(String v) {
            this.version = requireNonNull(v, "anthropicVersion");
            return this;
        }

        /** A header sent with every request (e.g. {@code anthropic-beta}); default none. */
        public Builder header(String name, String value) {
            headers.put(requireNonNull(name, "header name"), requireNonNull(value, "header value"));
            return this;
        }

        /** Headers sent with every request. */
        public Builder headers(Map<String, String> h) {
            h.forEach(this::header);
            return this;
        }

        /** A query parameter added to every URL; default none. */
        public Builder queryParam(String name, String value) {
            queryParams.put(
                    requireNonNull(name, "query parameter name"), requireNonNull(value, "query parameter value"));
            return this;
        }

        /** Query parameters added to every URL. */
        public Builder queryParams(Map<String, String> p) {
            p.forEach(this::queryParam);
            return this;
        }

        /** Settings under each request's own; default {@link ModelSettings#DEFAULTS}. */
        public Builder defaultSettings(ModelSettings s) {
            this.defaults = requireNonNull(s, "defaultSettings");
            return this;
        }

        /** {@code max_tokens} when the settings give none (the API requires it); default {@value #DEFAULT_MAX_TOKENS}. */
        public Builder maxTokens(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxTokens must be >= 1 but was " + n);
            }
            this.maxTokens = n;
            return this;
        }

        /** How long one request may take unless the settings say otherwise; default 10 minutes. */
        public Builder timeout(Duration t) {
            requireNonNull(t, "timeout");
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("timeout must be positive but was " + t);
            }
            this.timeout = t;
            return this;
        }

        /**
         * Whether to mark the system prompt, the tools and the last message as cache breakpoints
         * ({@code cache_control: ephemeral}), so each request of an agent loop reads everything
         * before its newest turn from Anthropic's prompt cache (cheaper and faster; writes cost a
         * little more). Default false.
         */
        public Builder promptCaching(boolean on) {
            this.promptCaching = on;
            return this;
        }

        /** The HTTP client to send with; default a new one with a 10 s connect timeout. */
        public Builder httpClient(HttpClient c) {
            this.httpClient = requireNonNull(c, "httpClient");
            return this;
        }

        /** The clock for {@code Retry-After} dates; default the system clock. For tests. */
        public Builder clock(Clock c) {
            this.clock = requireNonNull(c, "clock");
            return this;
        }

        public AnthropicModel build() {
            if (model == null) {
                throw new IllegalStateException(
                        "AnthropicModel needs a model name: builder().model(\"claude-sonnet-4-5\")");
            }
            return new AnthropicModel(this);
        }
    }
}

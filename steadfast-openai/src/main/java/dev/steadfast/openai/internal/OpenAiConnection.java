package dev.steadfast.openai.internal;

import static java.util.Objects.requireNonNull;

import dev.steadfast.model.internal.JsonHttpClient;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where and how both OpenAI clients connect: base URL, key, headers, query parameters, timeout.
 * Mutable while a builder fills it; {@link #connect} makes the immutable HTTP client.
 */
public final class OpenAiConnection {
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private String apiKey;
    private String apiKeyHeader = "Authorization";
    private String baseUrl = DEFAULT_BASE_URL;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> queryParams = new LinkedHashMap<>();
    private Duration timeout = DEFAULT_TIMEOUT;
    private HttpClient httpClient;
    private Clock clock = Clock.systemUTC();
    private String provider = "openai";

    public void apiKey(String key) {
        this.apiKey = key;
    }

    public void apiKeyHeader(String name) {
        requireNonNull(name, "apiKeyHeader");
        if (name.isBlank()) {
            throw new IllegalArgumentException("apiKeyHeader must not be blank");
        }
        this.apiKeyHeader = name;
    }

    public void baseUrl(String url) {
        this.baseUrl = requireNonNull(url, "baseUrl");
    }

    public void header(String name, String value) {
        headers.put(requireNonNull(name, "header name"), requireNonNull(value, "header value"));
    }

    public void queryParam(String name, String value) {
        queryParams.put(requireNonNull(name, "query parameter name"), requireNonNull(value, "query parameter value"));
    }

    public void timeout(Duration t) {
        requireNonNull(t, "timeout");
        if (t.isNegative() || t.isZero()) {
            throw new IllegalArgumentException("timeout must be positive but was " + t);
        }
        this.timeout = t;
    }

    public void httpClient(HttpClient client) {
        this.httpClient = requireNonNull(client, "httpClient");
    }

    public void clock(Clock c) {
        this.clock = requireNonNull(c, "clock");
    }

    public void provider(String name) {
        requireNonNull(name, "provider");
        if (name.isBlank()) {
            throw new IllegalArgumentException("provider must not be blank");
        }
        this.provider = name;
    }

    public String provider() {
        return provider;
    }

    /** The name used in messages: {@code OpenAI}, or the configured provider's name. */
    public String displayName() {
        return provider.equals("openai") ? "OpenAI" : provider;
    }

    /** The HTTP client for these settings. */
    public JsonHttpClient connect() {
        Map<String, String> all = new LinkedHashMap<>(headers);
        List<String> secrets = new ArrayList<>();
        if (apiKey != null && !apiKey.isEmpty()) {
            boolean bearer = apiKeyHeader.equalsIgnoreCase("Authorization");
            all.put(apiKeyHeader, bearer ? "Bearer " + apiKey : apiKey);
            secrets.add(apiKey);
        }
        headers.forEach((name, value) -> {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.contains("auth") || n.contains("key") || n.contains("token") || n.contains("secret")) {
                secrets.add(value);
                secrets.add(value.replaceFirst("(?i)^bearer\\s+", ""));
            }
        });
        return new JsonHttpClient(displayName(), baseUrl, all, queryParams, secrets, timeout, httpClient, clock);
    }
}

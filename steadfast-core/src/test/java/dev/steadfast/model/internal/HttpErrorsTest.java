package dev.steadfast.model.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpErrorsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static HttpHeaders headers(Map<String, String> h) {
        return HttpHeaders.of(h.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> List.of(e.getValue()))), (a, b) -> true);
    }

    @Test
    void parsesOpenAiResetDurations() {
        assertThat(HttpErrors.parseGoDuration("1s")).contains(Duration.ofSeconds(1));
        assertThat(HttpErrors.parseGoDuration("6m0s")).contains(Duration.ofMinutes(6));
        assertThat(HttpErrors.parseGoDuration("20ms")).contains(Duration.ofMillis(20));
        assertThat(HttpErrors.parseGoDuration("1h2m3.5s")).contains(Duration.ofMillis(3_723_500));
        assertThat(HttpErrors.parseGoDuration("2")).contains(Duration.ofSeconds(2));
        assertThat(HttpErrors.parseGoDuration("soon")).isEmpty();
    }

    @Test
    void retryAfterPrefersMillisecondsThenTheHeaderThenResets() {
        assertThat(HttpErrors.retryAfter(headers(Map.of("retry-after-ms", "250", "retry-after", "3")), CLOCK))
                .contains(Duration.ofMillis(250));
        assertThat(HttpErrors.retryAfter(headers(Map.of("retry-after", "1.5")), CLOCK)).contains(Duration.ofMillis(1500));
        assertThat(HttpErrors.retryAfter(headers(Map.of("retry-after", "Thu, 01 Jan 2026 00:00:05 GMT")), CLOCK))
                .contains(Duration.ofSeconds(5));
        assertThat(HttpErrors.retryAfter(headers(Map.of("retry-after", "Wed, 31 Dec 2025 23:00:00 GMT")), CLOCK))
                .as("a date in the past means now").contains(Duration.ZERO);
        assertThat(HttpErrors.retryAfter(headers(Map.of("x-ratelimit-reset-tokens", "1s")), CLOCK)).contains(Duration.ofSeconds(1));
        assertThat(HttpErrors.retryAfter(headers(Map.of()), CLOCK)).isEmpty();
    }

    @Test
    void redactsKeysAndKeyShapedText() {
        assertThat(HttpErrors.redact("bad key my-secret-value here", List.of("my-secret-value"))).isEqualTo("bad key *** here");
        assertThat(HttpErrors.redact("Incorrect API key provided: sk-proj-abcdef123456", List.of()))
                .isEqualTo("Incorrect API key provided: sk-***");
    }

    @Test
    void fiveHundredsAreRetryableFourHundredsAreNot() {
        assertThat(HttpErrors.classify("X", 503, headers(Map.of()), "", CLOCK, List.of()).isRetryable()).isTrue();
        assertThat(HttpErrors.classify("X", 422, headers(Map.of()), "{\"error\":{\"message\":\"m\"}}", CLOCK, List.of()))
                .satisfies(e -> assertThat(e.isRetryable()).isFalse())
                .hasMessage("X answered HTTP 422: m");
    }
}

package dev.steadfast.step;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.model.RateLimitedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Jitter on computed backoffs, never on the server's word, and the plain-run ceiling on that word. */
class RetryPolicyJitterTest {
    private static final RuntimeException FLAKY = new IllegalStateException("503");

    @Test
    void jitterShortensEachBackoffByAtMostItsFraction() {
        RetryPolicy p = RetryPolicy.builder().maxAttempts(5).initialInterval(Duration.ofSeconds(4)).jitter(0.25).build();
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            waits.add(p.nextDelay(1, FLAKY).orElseThrow().toMillis());
        }
        assertThat(waits).allSatisfy(w -> assertThat(w).isBetween(3000L, 4000L));
        assertThat(waits.stream().distinct().count()).as("the waits differ, so clients spread out").isGreaterThan(1);
    }

    @Test
    void withoutJitterBackoffIsExact() {
        RetryPolicy p = new RetryPolicy(3, Duration.ofSeconds(5), 2.0, Duration.ofMinutes(1), List.of());
        assertThat(p.jitter()).isZero();
        assertThat(p.maxServerWait()).isEqualTo(RetryPolicy.DEFAULT_MAX_SERVER_WAIT);
        assertThat(p.nextDelay(2, FLAKY)).contains(Duration.ofSeconds(10));
    }

    @Test
    void aServerDirectedWaitIsKeptExactlyAndJudgedAgainstTheCeiling() {
        RetryPolicy p = RetryPolicy.builder().maxAttempts(5).jitter(0.25).build();
        var shortWait = new RateLimitedException(429, "slow down", "{}", Duration.ofSeconds(30));
        var dayLong = new RateLimitedException(429, "slow down", "{}", Duration.ofDays(1));

        assertThat(p.nextDelay(1, shortWait)).contains(Duration.ofSeconds(30));
        assertThat(p.exceedsServerWait(shortWait, Duration.ofSeconds(30))).isFalse();
        assertThat(p.nextDelay(1, dayLong)).contains(Duration.ofDays(1));
        assertThat(p.exceedsServerWait(dayLong, Duration.ofDays(1))).isTrue();
        Optional<Duration> backoff = p.nextDelay(1, FLAKY);
        assertThat(p.exceedsServerWait(FLAKY, backoff.orElseThrow())).as("our own backoff is never capped").isFalse();
    }
}

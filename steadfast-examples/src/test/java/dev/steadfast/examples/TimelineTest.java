package dev.steadfast.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.run.ErrorInfo;
import org.junit.jupiter.api.Test;

/** The demo's timeline keeps what a failed attempt says, advice included. */
class TimelineTest {
    @Test
    void aRateLimitedAttemptKeepsItsAdviceAndDropsThePackage() {
        var e = new ErrorInfo("dev.steadfast.model.RateLimitedException",
                "HTTP 429 from offline-research-model: Rate limit reached for offline-research-model; try again in 1s", null);
        assertThat(Timeline.oneLine(e)).isEqualTo(
                "RateLimitedException: HTTP 429 from offline-research-model: Rate limit reached for offline-research-model; try again in 1s");
    }
}

package dev.steadfast.examples.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.step.RetryPolicy;
import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's pattern 3 on the embedded engine, plus a restart during a backoff and the offline example. */
class ApiIntegrationWorkflowTest extends ApiIntegrationContract {
    @TempDir
    Path dir;
    private Clock clock = Clock.systemUTC();

    @Override
    WorkflowEngine open(ApiIntegrationWorkflow workflow) {
        return EmbeddedEngine.builder().database(dir.resolve("integration.db")).clock(clock).register(workflow).build();
    }

    @Test
    void aRestartDuringTheBackoffKeepsTheAttemptCountAndTheEnrichment() throws Exception {
        RetryPolicy slow = RetryPolicy.builder().maxAttempts(2).initialInterval(Duration.ofMillis(600)).build();
        IntFunction<EnrichedData> failsFirst = attempt -> {
            if (attempt == 1) {
                throw new IllegalStateException("503 Service Unavailable");
            }
            return ENRICHED;
        };
        // The first engine's clock stands still, so its backoff never ends: the restart comes before the second
        // attempt however slow the machine (a 600 ms backoff on the wall clock could end before close()).
        clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
        open(slow, failsFirst).start(ApiIntegrationWorkflow.class, "restarted", ANA);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (engine.history("restarted").stream().noneMatch(s -> s.status() == StepStatus.RETRYING)) {
            assertThat(System.nanoTime()).as("validate_data never went into backoff").isLessThan(deadline);
            Thread.sleep(5);
        }
        engine.close();
        assertThat(validations).as("the restart came before the second attempt").hasValue(1);
        clock = Clock.systemUTC();

        Result r = open(slow, failsFirst).handle("restarted", Result.class).result(WAIT);

        assertThat(r).isEqualTo(Result.validated(ENRICHED));
        assertThat(validations).hasValue(2);
        assertThat(enrichments).hasValue(1);
        StepRecord validate = engine.history("restarted").get(1);
        assertThat(validate.attempts()).as("counted on from the journal, not restarted at 1").isEqualTo(2);
        assertThat(validate.failedAttempts()).singleElement().satisfies(a ->
                assertThat(backoff(a)).isEqualTo(Duration.ofMillis(600)));
    }

    @Test
    void theSeedPolicyWaitsFiveThenTenSecondsAndGivesUpAfterThree() {
        RetryPolicy p = ApiIntegrationWorkflow.SEED_RETRY_POLICY;
        var unavailable = new IllegalStateException("503");

        assertThat(p.nextDelay(1, unavailable)).contains(Duration.ofSeconds(5));
        assertThat(p.nextDelay(2, unavailable)).contains(Duration.ofSeconds(10));
        assertThat(p.nextDelay(3, unavailable)).isEmpty();
        assertThat(p.nextDelay(1, new IllegalArgumentException("400"))).isEmpty();
    }

    @Test
    void theOfflineExampleShowsARetryAndADegradedRecord() {
        var printed = new ByteArrayOutputStream();
        Map<String, Result> results = IntegrationExample.run(dir.resolve("example.db"), FAST,
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(results.get("customer-42").status()).isEqualTo(Result.Status.VALIDATED);
        assertThat(results.get("customer-43").status()).isEqualTo(Result.Status.DEGRADED);
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("attempt 1 failed: java.lang.IllegalStateException: 503 Service Unavailable; retried after 20 ms")
                .contains("422 Unprocessable Entity: no company for bo@nowhere.io; not retried");
    }

}

package dev.steadfast.examples.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.workflow.AttemptRecord;
import dev.steadfast.workflow.RetryPolicy;
import dev.steadfast.workflow.RunStatus;
import dev.steadfast.workflow.StepRecord;
import dev.steadfast.workflow.StepStatus;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiIntegrationWorkflowTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The seed's shape (3 attempts, ×2, 4xx not retried) on a test's time scale. */
    private static final RetryPolicy FAST = RetryPolicy.builder().maxAttempts(3).initialInterval(Duration.ofMillis(20))
            .backoffCoefficient(2.0).nonRetryable(IllegalArgumentException.class).build();
    private static final InputData ANA = new InputData("42", "ana@acme.com");
    private static final EnrichedData ENRICHED = new EnrichedData("42", "ana@acme.com", "Acme Corp", "US");

    @TempDir
    Path dir;

    private final AtomicInteger enrichments = new AtomicInteger();
    private final AtomicInteger validations = new AtomicInteger();
    private WorkflowEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    /** An engine whose validator answers attempt n (from 1) with {@code validation.apply(n)}, or throws. */
    private WorkflowEngine open(RetryPolicy validationRetry, IntFunction<EnrichedData> validation) {
        Enricher enricher = input -> {
            enrichments.incrementAndGet();
            return new EnrichedData(input.customerId(), input.email(), "Acme Corp", "US");
        };
        Validator validator = data -> validation.apply(validations.incrementAndGet());
        engine = EmbeddedEngine.builder().database(dir.resolve("integration.db"))
                .register(new ApiIntegrationWorkflow(enricher, validator, FAST, validationRetry)).build();
        return engine;
    }

    @Test
    void validationThatFailsTwiceIsRetriedWithBackoffAndThenSucceeds() {
        open(FAST, attempt -> {
            if (attempt <= 2) {
                throw new IllegalStateException("503 Service Unavailable (call " + attempt + ")");
            }
            return ENRICHED;
        });

        Result r = engine.start(ApiIntegrationWorkflow.class, "ok", ANA).result(WAIT);

        assertThat(r).isEqualTo(Result.validated(ENRICHED));
        assertThat(enrichments).hasValue(1);
        assertThat(validations).hasValue(3);
        StepRecord validate = engine.history("ok").get(1);
        assertThat(validate.name()).isEqualTo("validate_data");
        assertThat(validate.status()).isEqualTo(StepStatus.COMPLETED);
        assertThat(validate.attempts()).isEqualTo(3);
        assertThat(validate.failedAttempts()).extracting(a -> a.error().message())
                .containsExactly("503 Service Unavailable (call 1)", "503 Service Unavailable (call 2)");
        // 20 ms, then ×2
        assertThat(validate.failedAttempts()).extracting(ApiIntegrationWorkflowTest::backoff)
                .containsExactly(Duration.ofMillis(20), Duration.ofMillis(40));
    }

    @Test
    void validationThatAlwaysFailsDegradesGracefullyWithoutEnrichingAgain() {
        open(FAST, attempt -> {
            throw new IllegalStateException("503 Service Unavailable");
        });

        Result r = engine.start(ApiIntegrationWorkflow.class, "down", ANA).result(WAIT);

        assertThat(r.status()).isEqualTo(Result.Status.DEGRADED);
        assertThat(r.data()).isEqualTo(ENRICHED);
        assertThat(r.failure()).isEqualTo("Step 'validate_data' failed after 3 attempts: "
                + "java.lang.IllegalStateException: 503 Service Unavailable");
        assertThat(enrichments).hasValue(1);
        assertThat(validations).hasValue(3);
        assertThat(engine.describe("down").status()).as("graceful: the run itself completed").isEqualTo(RunStatus.COMPLETED);
        List<StepRecord> history = engine.history("down");
        assertThat(history).extracting(StepRecord::name, StepRecord::status, StepRecord::attempts).containsExactly(
                tuple("enrich_data", StepStatus.COMPLETED, 1),
                tuple("validate_data", StepStatus.FAILED, 3));
        assertThat(history.get(1).error().type()).isEqualTo(IllegalStateException.class.getName());
        assertThat(history.get(1).failedAttempts()).hasSize(3).last()
                .satisfies(a -> assertThat(a.nextAttemptAt()).as("no attempt after the third").isNull());
    }

    @Test
    void aRejectedRecordIsNotRetried() {
        open(FAST, attempt -> {
            throw new IllegalArgumentException("422 Unprocessable Entity: country is not ISO 3166");
        });

        Result r = engine.start(ApiIntegrationWorkflow.class, "rejected", ANA).result(WAIT);

        assertThat(r.status()).isEqualTo(Result.Status.DEGRADED);
        assertThat(r.failure()).contains("after 1 attempt:", "422 Unprocessable Entity");
        assertThat(validations).hasValue(1);
        StepRecord validate = engine.history("rejected").get(1);
        assertThat(validate.attempts()).isEqualTo(1);
        assertThat(validate.failedAttempts()).singleElement().satisfies(a -> {
            assertThat(a.error().type()).isEqualTo(IllegalArgumentException.class.getName());
            assertThat(a.nextAttemptAt()).isNull();
        });
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
        open(slow, failsFirst).start(ApiIntegrationWorkflow.class, "restarted", ANA);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (engine.history("restarted").stream().noneMatch(s -> s.status() == StepStatus.RETRYING)) {
            assertThat(System.nanoTime()).as("validate_data never went into backoff").isLessThan(deadline);
            Thread.sleep(5);
        }
        engine.close();
        assertThat(validations).as("the restart came before the second attempt").hasValue(1);

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

    private static Duration backoff(AttemptRecord a) {
        return Duration.between(a.failedAt(), a.nextAttemptAt());
    }
}

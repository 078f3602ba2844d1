package dev.steadfast.examples.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.steadfast.run.AttemptRecord;
import dev.steadfast.step.RetryPolicy;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import dev.steadfast.workflow.WorkflowEngine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The seed's pattern 3 on any engine: {@link ApiIntegrationWorkflow}, unchanged, retries each step by
 * its own policy and degrades gracefully when validation keeps failing, without enriching again.
 * Subclasses say how to open an engine; opening it again within a test reaches the same state.
 */
abstract class ApiIntegrationContract {
    static final Duration WAIT = Duration.ofSeconds(20);
    /** The seed's shape (3 attempts, ×2, 4xx not retried) on a test's time scale. */
    static final RetryPolicy FAST = RetryPolicy.builder().maxAttempts(3).initialInterval(Duration.ofMillis(20))
            .backoffCoefficient(2.0).nonRetryable(IllegalArgumentException.class).build();
    static final InputData ANA = new InputData("42", "ana@acme.com");
    static final EnrichedData ENRICHED = new EnrichedData("42", "ana@acme.com", "Acme Corp", "US");

    final AtomicInteger enrichments = new AtomicInteger();
    final AtomicInteger validations = new AtomicInteger();
    WorkflowEngine engine;

    /** An engine running {@code workflow}, on the same state every time it is called in one test. */
    abstract WorkflowEngine open(ApiIntegrationWorkflow workflow);

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    /** An engine whose validator answers attempt n (from 1) with {@code validation.apply(n)}, or throws. */
    WorkflowEngine open(RetryPolicy validationRetry, IntFunction<EnrichedData> validation) {
        Enricher enricher = input -> {
            enrichments.incrementAndGet();
            return new EnrichedData(input.customerId(), input.email(), "Acme Corp", "US");
        };
        Validator validator = data -> validation.apply(validations.incrementAndGet());
        engine = open(new ApiIntegrationWorkflow(enricher, validator, FAST, validationRetry));
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
        assertThat(validate.failedAttempts()).extracting(ApiIntegrationContract::backoff)
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

    static Duration backoff(AttemptRecord a) {
        return Duration.between(a.failedAt(), a.nextAttemptAt());
    }
}

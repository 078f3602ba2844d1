package dev.steadfast.examples.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.steadfast.examples.TemporalTestServer;
import dev.steadfast.workflow.AttemptRecord;
import dev.steadfast.workflow.RetryPolicy;
import dev.steadfast.workflow.RunStatus;
import dev.steadfast.workflow.StepRecord;
import dev.steadfast.workflow.StepStatus;
import dev.steadfast.workflow.WorkflowEngine;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's pattern 3, {@link ApiIntegrationWorkflow} unchanged, on Temporal: each step retried on its
 * own policy (a retried validation never enriches again), and a graceful degraded result when
 * validation gives up.
 */
class ApiIntegrationOnTemporalTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final RetryPolicy FAST = RetryPolicy.builder().maxAttempts(3).initialInterval(Duration.ofMillis(20))
            .backoffCoefficient(2.0).nonRetryable(IllegalArgumentException.class).build();
    private static final InputData ANA = new InputData("42", "ana@acme.com");
    private static final EnrichedData ENRICHED = new EnrichedData("42", "ana@acme.com", "Acme Corp", "US");

    static TestWorkflowEnvironment env;

    private final AtomicInteger enrichments = new AtomicInteger();
    private final AtomicInteger validations = new AtomicInteger();
    private WorkflowEngine engine;

    @BeforeAll
    static void start() {
        env = TemporalTestServer.start();
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private void open(IntFunction<EnrichedData> validation) {
        Enricher enricher = input -> {
            enrichments.incrementAndGet();
            return new EnrichedData(input.customerId(), input.email(), "Acme Corp", "US");
        };
        Validator validator = data -> validation.apply(validations.incrementAndGet());
        engine = TemporalTestServer.worker(env, "integration-" + UUID.randomUUID(),
                new ApiIntegrationWorkflow(enricher, validator, FAST, FAST));
    }

    @Test
    void validationThatFailsTwiceIsRetriedWithBackoffAndThenSucceeds() {
        open(attempt -> {
            if (attempt <= 2) {
                throw new IllegalStateException("503 Service Unavailable (call " + attempt + ")");
            }
            return ENRICHED;
        });

        assertThat(engine.start(ApiIntegrationWorkflow.class, "ok", ANA).result(WAIT)).isEqualTo(Result.validated(ENRICHED));

        assertThat(enrichments).hasValue(1);
        assertThat(validations).hasValue(3);
        StepRecord validate = engine.history("ok").get(1);
        assertThat(validate.name()).isEqualTo("validate_data");
        assertThat(validate.attempts()).isEqualTo(3);
        assertThat(validate.failedAttempts()).extracting(a -> a.error().message())
                .containsExactly("503 Service Unavailable (call 1)", "503 Service Unavailable (call 2)");
        assertThat(validate.failedAttempts()).extracting(ApiIntegrationOnTemporalTest::backoff)
                .containsExactly(Duration.ofMillis(20), Duration.ofMillis(40));
    }

    @Test
    void validationThatAlwaysFailsDegradesGracefullyWithoutEnrichingAgain() {
        open(attempt -> {
            throw new IllegalStateException("503 Service Unavailable");
        });

        Result r = engine.start(ApiIntegrationWorkflow.class, "down", ANA).result(WAIT);

        assertThat(r.status()).isEqualTo(Result.Status.DEGRADED);
        assertThat(r.data()).isEqualTo(ENRICHED);
        assertThat(r.failure()).isEqualTo("Step 'validate_data' failed after 3 attempts: "
                + "java.lang.IllegalStateException: 503 Service Unavailable");
        assertThat(enrichments).hasValue(1);
        assertThat(validations).hasValue(3);
        assertThat(engine.describe("down").status()).isEqualTo(RunStatus.COMPLETED);
        List<StepRecord> history = engine.history("down");
        assertThat(history).extracting(StepRecord::name, StepRecord::status, StepRecord::attempts).containsExactly(
                tuple("enrich_data", StepStatus.COMPLETED, 1),
                tuple("validate_data", StepStatus.FAILED, 3));
        assertThat(history.get(1).failedAttempts()).hasSize(3).last()
                .satisfies(a -> assertThat(a.nextAttemptAt()).as("no attempt after the third").isNull());
    }

    @Test
    void aRejectedRecordIsNotRetried() {
        open(attempt -> {
            throw new IllegalArgumentException("422 Unprocessable Entity: country is not ISO 3166");
        });

        Result r = engine.start(ApiIntegrationWorkflow.class, "rejected", ANA).result(WAIT);

        assertThat(r.status()).isEqualTo(Result.Status.DEGRADED);
        assertThat(r.failure()).contains("after 1 attempt:", "422 Unprocessable Entity");
        assertThat(validations).hasValue(1);
        assertThat(engine.history("rejected").get(1).failedAttempts()).singleElement()
                .satisfies(a -> assertThat(a.nextAttemptAt()).isNull());
    }

    private static Duration backoff(AttemptRecord a) {
        return Duration.between(a.failedAt(), a.nextAttemptAt());
    }
}

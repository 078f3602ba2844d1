package dev.steadfast.examples.integration;

import static java.util.Objects.requireNonNull;

import dev.steadfast.step.RetryPolicy;
import dev.steadfast.error.StepFailedException;
import dev.steadfast.step.StepOptions;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import java.time.Duration;

/**
 * The seed article's pattern 3, per-step retry policies with graceful failure: enrich a record,
 * then validate it, each step with its own {@link RetryPolicy} (by default the seed's: 3 attempts,
 * 5 s before the second, ×2 each time; an {@link IllegalArgumentException} — a 4xx — is not
 * retried). Retrying validation repeats validation only: the enrichment is recorded and never
 * called again. When validation gives up, the run does not fail: it returns a
 * {@link Result.Status#DEGRADED degraded} result naming the failure. Each attempt, its error and
 * when the next was due are in {@code engine.history(id)}, and survive restarts.
 *
 * <pre>{@code
 * try (WorkflowEngine engine = EmbeddedEngine.builder().database(Path.of("integration.db"))
 *         .register(new ApiIntegrationWorkflow(enrichmentApi, validationApi))
 *         .build()) {
 *     Result r = engine.start(ApiIntegrationWorkflow.class, "cust-42", new InputData("42", "ana@acme.com"))
 *             .result(Duration.ofMinutes(1));
 *     if (r.status() == Result.Status.DEGRADED) reviewQueue.add(r.data(), r.failure());
 * }
 * }</pre>
 *
 * <p>The same policy on an agent's tool, where the model decides when to call it: each call is a
 * durable step retried as the annotation says.
 *
 * <pre>{@code
 * class CrmTools {
 *     @Tool(value = "Validate a customer record with the CRM",
 *           retry = @Retry(maxAttempts = 3, initialInterval = "5s", backoffCoefficient = 2.0,
 *                          nonRetryable = IllegalArgumentException.class))
 *     EnrichedData validate(EnrichedData record) { return validationApi.validate(record); }
 * }
 * }</pre>
 */
public final class ApiIntegrationWorkflow implements Workflow<InputData, Result> {
    /** The seed's policy: 3 attempts, 5 s then 10 s apart; a rejected request (4xx) fails at once. */
    public static final RetryPolicy SEED_RETRY_POLICY = RetryPolicy.builder()
            .maxAttempts(3)
            .initialInterval(Duration.ofSeconds(5))
            .backoffCoefficient(2.0)
            .nonRetryable(IllegalArgumentException.class)
            .build();

    private final Enricher enricher;
    private final Validator validator;
    private final StepOptions enrichment;
    private final StepOptions validation;

    /** Both steps on {@link #SEED_RETRY_POLICY}. */
    public ApiIntegrationWorkflow(Enricher enricher, Validator validator) {
        this(enricher, validator, SEED_RETRY_POLICY, SEED_RETRY_POLICY);
    }

    public ApiIntegrationWorkflow(Enricher enricher, Validator validator, RetryPolicy enrichmentRetry,
                                  RetryPolicy validationRetry) {
        this.enricher = requireNonNull(enricher, "enricher");
        this.validator = requireNonNull(validator, "validator");
        this.enrichment = StepOptions.builder().retry(requireNonNull(enrichmentRetry, "enrichmentRetry")).build();
        this.validation = StepOptions.builder().retry(requireNonNull(validationRetry, "validationRetry")).build();
    }

    @Override
    public Result run(WorkflowContext ctx, InputData input) {
        // Without enrichment there is nothing to degrade to: if it gives up, the run fails.
        EnrichedData enriched = ctx.step("enrich_data", EnrichedData.class, enrichment, () -> enricher.enrich(input));
        try {
            EnrichedData validated = ctx.step("validate_data", EnrichedData.class, validation,
                    () -> validator.validate(enriched));
            return Result.validated(validated);
        } catch (StepFailedException e) {
            ctx.logger().warn("Validation of {} gave up; returning the enriched record unvalidated: {}",
                    input.customerId(), e.getMessage());
            return Result.degraded(enriched, e.getMessage());
        }
    }
}

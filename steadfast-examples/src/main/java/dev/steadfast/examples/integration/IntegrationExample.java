package dev.steadfast.examples.integration;

import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.run.AttemptRecord;
import dev.steadfast.step.RetryPolicy;
import dev.steadfast.run.StepRecord;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs {@link ApiIntegrationWorkflow} offline on the seed's retry policy: one customer whose
 * validation service is down for the first call (a 5 s backoff, then success), and one whose
 * record the service rejects (not retried: a degraded result at once).
 *
 * <pre>{@code
 * java dev.steadfast.examples.integration.IntegrationExample
 * }</pre>
 */
public final class IntegrationExample {
    private static final Map<String, String[]> COMPANIES = Map.of(
            "acme.com", new String[] {"Acme Corp", "US"},
            "example.de", new String[] {"Beispiel GmbH", "DE"});

    private IntegrationExample() {}

    public static void main(String[] args) throws Exception {
        Path db = Files.createTempDirectory("steadfast-integration").resolve("integration.db");
        run(db, ApiIntegrationWorkflow.SEED_RETRY_POLICY, System.out);
    }

    static Map<String, Result> run(Path db, RetryPolicy policy, PrintStream out) {
        var calls = new ConcurrentHashMap<String, Integer>();
        Validator validationApi = data -> {
            int call = calls.merge(data.customerId(), 1, Integer::sum);
            if (data.company() == null) {
                throw new IllegalArgumentException("422 Unprocessable Entity: no company for " + data.email());
            }
            if (call == 1) {
                throw new IllegalStateException("503 Service Unavailable");
            }
            return data;
        };
        var results = new LinkedHashMap<String, Result>();
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db)
                .register(new ApiIntegrationWorkflow(IntegrationExample::enrich, validationApi, policy, policy))
                .build()) {
            for (InputData input : List.of(new InputData("42", "ana@acme.com"), new InputData("43", "bo@nowhere.io"))) {
                String id = "customer-" + input.customerId();
                out.println("Integrating " + input.email() + " ...");
                Result r = engine.start(ApiIntegrationWorkflow.class, id, input).result(Duration.ofMinutes(1));
                out.println("  " + r.status() + (r.failure() == null ? "" : ": " + r.failure()));
                for (StepRecord s : engine.history(id)) {
                    out.printf("  %-14s %-9s %d attempt(s)%n", s.name(), s.status(), s.attempts());
                    for (AttemptRecord a : s.failedAttempts()) {
                        out.printf("    attempt %d failed: %s%s%n", a.attempt(), a.error().summary(),
                                a.nextAttemptAt() == null ? "; not retried"
                                        : "; retried after " + Duration.between(a.failedAt(), a.nextAttemptAt()).toMillis() + " ms");
                    }
                }
                results.put(id, r);
            }
        }
        return results;
    }

    /** The offline enrichment API: a lookup by e-mail domain. */
    static EnrichedData enrich(InputData input) {
        String domain = input.email().substring(input.email().indexOf('@') + 1).toLowerCase(Locale.ROOT);
        String[] company = COMPANIES.get(domain);
        return new EnrichedData(input.customerId(), input.email(), company == null ? null : company[0],
                company == null ? null : company[1]);
    }
}

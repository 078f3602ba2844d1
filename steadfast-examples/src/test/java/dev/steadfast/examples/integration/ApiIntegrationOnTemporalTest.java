package dev.steadfast.examples.integration;

import dev.steadfast.examples.TemporalTestServer;
import dev.steadfast.workflow.WorkflowEngine;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The seed's pattern 3 on Temporal's test server. */
class ApiIntegrationOnTemporalTest extends ApiIntegrationContract {
    static TestWorkflowEnvironment env;

    private final String queue = "integration-" + UUID.randomUUID();

    @BeforeAll
    static void start() {
        env = TemporalTestServer.start();
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Override
    WorkflowEngine open(ApiIntegrationWorkflow workflow) {
        return TemporalTestServer.worker(env, queue, workflow);
    }
}

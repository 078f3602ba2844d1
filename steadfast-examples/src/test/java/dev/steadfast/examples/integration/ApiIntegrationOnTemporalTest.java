package dev.steadfast.examples.integration;

import dev.steadfast.examples.TemporalTestServer;
import dev.steadfast.workflow.WorkflowEngine;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The seed's pattern 3 on Temporal's test server. */
class ApiIntegrationOnTemporalTest extends ApiIntegrationContract {
    @RegisterExtension
    static final TemporalTestServer SERVER = new TemporalTestServer();

    private final String queue = "integration-" + UUID.randomUUID();


    @Override
    WorkflowEngine open(ApiIntegrationWorkflow workflow) {
        return TemporalTestServer.worker(SERVER.env(), queue, workflow);
    }
}

package dev.steadfast.examples.memo;

import dev.steadfast.examples.TemporalTestServer;
import dev.steadfast.workflow.WorkflowEngine;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The seed's pattern 1 on Temporal: a restart is a new worker on the same test server and task queue. */
class AnalysisOnTemporalTest extends AnalysisWorkflowContract {
    @RegisterExtension
    static final TemporalTestServer SERVER = new TemporalTestServer();

    private final String queue = "memo-" + UUID.randomUUID();


    @Override
    WorkflowEngine open(AnalysisWorkflow workflow) {
        return TemporalTestServer.worker(SERVER.env(), queue, workflow);
    }
}

package dev.steadfast.examples.approval;

import dev.steadfast.examples.TemporalTestServer;
import dev.steadfast.workflow.WorkflowEngine;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The seed's pattern 2 on Temporal: a restart is a new worker on the same test server and task queue. */
class ApprovalOnTemporalTest extends ApprovalWorkflowContract {
    @RegisterExtension
    static final TemporalTestServer SERVER = new TemporalTestServer();

    private final String queue = "approvals-" + UUID.randomUUID();


    @Override
    WorkflowEngine open(ApprovalWorkflow workflow) {
        return TemporalTestServer.worker(SERVER.env(), queue, workflow);
    }
}

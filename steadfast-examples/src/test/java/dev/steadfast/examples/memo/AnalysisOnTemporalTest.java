package dev.steadfast.examples.memo;

import dev.steadfast.examples.TemporalTestServer;
import dev.steadfast.workflow.WorkflowEngine;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The seed's pattern 1 on Temporal: a restart is a new worker on the same test server and task queue. */
class AnalysisOnTemporalTest extends AnalysisWorkflowContract {
    static TestWorkflowEnvironment env;

    private final String queue = "memo-" + UUID.randomUUID();

    @BeforeAll
    static void start() {
        env = TemporalTestServer.start();
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Override
    WorkflowEngine open(AnalysisWorkflow workflow) {
        return TemporalTestServer.worker(env, queue, workflow);
    }
}

package dev.steadfast.opentelemetry;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.temporal.TemporalEngine;
import dev.steadfast.workflow.WorkflowEngine;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The tracing contract on Temporal's test server: the client's start opens the run's span and puts its
 * context in the run's memo; model and tool activities report into it from the worker.
 */
class TemporalTracingTest extends TracingContract {
    static TestWorkflowEnvironment env;

    @BeforeAll
    static void startServer() {
        env = server();
    }

    @AfterAll
    static void stopServer() {
        env.close();
    }

    static TestWorkflowEnvironment server() {
        return TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setUseTimeskipping(false)
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
                        .setDataConverter(TemporalEngine.dataConverter())
                        .build())
                .build());
    }

    @Override
    AgentResult<String> run(Agent<Void, String> agent, String runId) {
        try (WorkflowEngine engine = TemporalEngine.builder()
                .client(env.getWorkflowClient())
                .taskQueue("tracing-" + UUID.randomUUID())
                .register(agent)
                .build()) {
            return engine.start(agent, runId, "Weather in Oslo?").result(Duration.ofSeconds(60));
        }
    }

    @Override
    boolean durable() {
        return true;
    }
}

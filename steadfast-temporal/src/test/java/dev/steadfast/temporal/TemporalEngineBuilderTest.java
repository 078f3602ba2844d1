package dev.steadfast.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder's checks, and an engine that connects by address (a port-bound test server). */
class TemporalEngineBuilderTest {
    public static final class Echo implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String input) {
            return ctx.step("echo", String.class, () -> "echo " + input);
        }
    }

    public static final class OtherEcho implements Workflow<String, String> {
        @Override
        public String name() {
            return "Echo";
        }

        @Override
        public String run(WorkflowContext ctx, String input) {
            return input;
        }
    }

    @Test
    void connectsByTargetAndRunsAWorkflow() throws IOException {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (var server = TestServer.createPortBoundServer(port);
             WorkflowEngine engine = TemporalEngine.builder().target("127.0.0.1:" + port).namespace("default")
                     .taskQueue("by-target").register(new Echo()).build()) {
            assertThat(engine.start(Echo.class, "echo-1", "hi").result(Duration.ofSeconds(30))).isEqualTo("echo hi");
            assertThat(engine.history("echo-1")).singleElement()
                    .satisfies(r -> assertThat(r.output().asText()).isEqualTo("echo hi"));
        }
    }

    @Test
    void rejectsContradictoryOrMissingSettings() {
        assertThatThrownBy(() -> TemporalEngine.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("client(WorkflowClient)");
        assertThatThrownBy(() -> TemporalEngine.builder().taskQueue(" "))
                .hasMessage("taskQueue must not be blank but was ' '");
        assertThatThrownBy(() -> TemporalEngine.builder().workflowTaskTimeout(Duration.ofMillis(10)))
                .hasMessageContaining("but was PT0.01S");
        assertThatThrownBy(() -> TemporalEngine.builder().register(new Echo(), new OtherEcho()))
                .hasMessageContaining("Two workflows are named 'Echo'");
    }
}

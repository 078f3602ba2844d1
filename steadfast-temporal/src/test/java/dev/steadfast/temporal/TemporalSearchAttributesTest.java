package dev.steadfast.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.run.RunQuery;
import dev.steadfast.run.RunStatus;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs started with {@code searchAttributes(true)} keep Temporal's visibility told what they run and wait for, and
 * {@code list} reads WAITING from there. (The Java test server has no visibility queries; the server-side query
 * {@code list} sends a real server is checked in {@code RunsQueryTest}.)
 */
class TemporalSearchAttributesTest {
    @RegisterExtension
    static final TemporalTestEnvironment SERVER = new TemporalTestEnvironment(false);

    /** A step, then a wait for the signal {@code go}. */
    public static final class Waiter implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String input) {
            String prepared = ctx.step("prepare", String.class, () -> "prepared " + input);
            return prepared + ", then " + ctx.awaitSignal("go", String.class);
        }
    }

    @Test
    void aRunTellsVisibilityWhatItRunsAndWaitsFor() {
        WorkflowClient client = SERVER.env().getWorkflowClient();
        var talker = HistoryGrowthTest.talker(2);
        try (WorkflowEngine engine = TemporalEngine.builder()
                        .client(client)
                        .taskQueue("attributes")
                        .searchAttributes(true)
                        .register(new Waiter())
                        .register(talker)
                        .build();
                WorkflowEngine again = TemporalEngine.builder()
                        .client(client)
                        .taskQueue("attributes-2")
                        .searchAttributes(true)
                        .worker(false)
                        .build()) { // registering twice is harmless
            var handle = engine.start(Waiter.class, "waiter-1", "x");
            TemporalTestEnvironment.awaitWaitingFor(engine, "waiter-1", "go");
            awaitAttribute(client, "waiter-1", "SteadfastStatus", "\"WAITING\"");
            assertThat(attributes(client, "waiter-1").get("SteadfastWaitingFor"))
                    .isEqualTo("[\"go\"]");

            assertThat(engine.list(RunQuery.all().withStatus(RunStatus.WAITING)))
                    .extracting(r -> r.workflowId())
                    .contains("waiter-1");
            assertThat(again.list(RunQuery.all().withStatus(RunStatus.RUNNING)))
                    .extracting(r -> r.workflowId())
                    .doesNotContain("waiter-1");

            engine.signal("waiter-1", "go", "go on");
            assertThat(handle.result(Duration.ofSeconds(30))).isEqualTo("prepared x, then go on");
            assertThat(attributes(client, "waiter-1"))
                    .containsEntry("SteadfastStatus", "\"RUNNING\"")
                    .containsEntry("SteadfastWaitingFor", "[]");

            engine.start(talker, "talker-1", "talk").result(Duration.ofSeconds(30));
            assertThat(attributes(client, "talker-1")).containsEntry("SteadfastAgents", "[\"talker\"]");
        }
        // a run started without them carries none, whatever the worker's settings
        try (WorkflowEngine plain = TemporalEngine.builder()
                .client(client)
                .taskQueue("attributes")
                .register(new Waiter())
                .build()) {
            plain.start(Waiter.class, "waiter-2", "y");
            TemporalTestEnvironment.awaitWaitingFor(plain, "waiter-2", "go");
            assertThat(attributes(client, "waiter-2")).doesNotContainKey("SteadfastStatus");
            plain.signal("waiter-2", "go", "ok");
        }
    }

    private static void awaitAttribute(WorkflowClient client, String id, String name, String value) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!value.equals(attributes(client, id).get(name)) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(attributes(client, id)).containsEntry(name, value);
    }

    /** The run's search attributes as the server describes them, each as its JSON text. */
    static Map<String, String> attributes(WorkflowClient client, String id) {
        var info = client.getWorkflowServiceStubs()
                .blockingStub()
                .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(client.getOptions().getNamespace())
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                        .build())
                .getWorkflowExecutionInfo();
        var out = new java.util.TreeMap<String, String>();
        for (Map.Entry<String, Payload> e :
                info.getSearchAttributes().getIndexedFieldsMap().entrySet()) {
            out.put(e.getKey(), e.getValue().getData().toStringUtf8());
        }
        return out;
    }
}

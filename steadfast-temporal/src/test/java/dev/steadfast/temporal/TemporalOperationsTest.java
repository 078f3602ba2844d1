package dev.steadfast.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.RunContext;
import dev.steadfast.agent.RunOptions;
import dev.steadfast.agent.Tool;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.error.WorkflowFailedException;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunStatus;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What an operator and a workflow author meet on Temporal: queries no worker answers, ended runs, deps. */
class TemporalOperationsTest {
    @RegisterExtension
    static final TemporalTestEnvironment SERVER = new TemporalTestEnvironment(false);

    /** The deps a workflow hands to its agent. */
    record Account(String owner) {}

    public static final class Lookup {
        @Tool("Who owns the account")
        public String owner(RunContext<Account> ctx) {
            return ctx.deps() == null ? "no deps" : ctx.deps().owner();
        }
    }

    static Agent<Account, String> clerk() {
        return Agent.builder().name("clerk").deps(Account.class)
                .model(new FunctionModel((messages, params) -> {
                    var last = (ModelRequest) messages.get(messages.size() - 1);
                    return last.parts().get(0) instanceof ToolReturnPart r
                            ? ModelResponse.of(TextPart.of("owner: " + r.contentAsText()))
                            : ModelResponse.of(ToolCallPart.of("owner", Map.of()));
                }))
                .tools(new Lookup()).build();
    }

    /** Runs the clerk with deps of its own making. */
    public static final class Billing implements Workflow<String, String> {
        private final Agent<Account, String> clerk = clerk();

        @Override
        public String run(WorkflowContext ctx, String owner) {
            return clerk.run("who owns it?", RunOptions.of(new Account(owner))).output();
        }
    }

    /** Ends at once. */
    public static final class Quick implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String input) {
            return input;
        }
    }

    /** Takes 100 steps, far more history than a 100-event limit allows. */
    public static final class Long100 implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String input) {
            for (int i = 0; i < 100; i++) {
                ctx.step("step-" + i, Integer.class, () -> 1);
            }
            return "all done";
        }
    }

    private final String queue = "ops-" + UUID.randomUUID();

    private WorkflowEngine engine(boolean worker) {
        return TemporalEngine.builder().client(SERVER.env().getWorkflowClient()).taskQueue(queue).worker(worker)
                .stickyQueueTimeout(Duration.ZERO).register(new Billing(), new Quick()).register(clerk()).build();
    }

    @Test
    void depsAWorkflowPassesReachTheToolsOfAnAgentRegisteredWithoutAnAgentDepsProvider() {
        try (WorkflowEngine engine = engine(true)) {
            assertThat(engine.start(Billing.class, "billing-" + queue, "ana").result(Duration.ofSeconds(60)))
                    .isEqualTo("owner: ana");
        }
    }

    @Test
    void aRunNearingTheServersHistoryLimitFailsWithAnErrorThatSaysSoBeforeTheServerTerminatesIt() {
        try (WorkflowEngine engine = TemporalEngine.builder().client(SERVER.env().getWorkflowClient()).taskQueue(queue)
                .historyLimits(100, 1 << 20).register(new Long100()).build()) {
            assertThatThrownBy(() -> engine.start(Long100.class, "long-" + queue, "go").result(Duration.ofSeconds(60)))
                    .isInstanceOfSatisfying(WorkflowFailedException.class, e -> {
                        assertThat(e.status()).isEqualTo(RunStatus.FAILED);
                        assertThat(e.error().message()).contains("bytes of Temporal history")
                                .contains("server terminates a run past 100 events").contains("it stops before step");
                    });
        }
    }

    @Test
    void aSignalToAnEndedRunSaysItEndedAndToAMissingRunThatThereIsNone() {
        try (WorkflowEngine engine = engine(true)) {
            String id = "quick-" + queue;
            engine.start(Quick.class, id, "done").result(Duration.ofSeconds(60));
            assertThatThrownBy(() -> engine.signal(id, "go", "now")).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Signal 'go' was not delivered: run '" + id + "' has ended (COMPLETED).");
            assertThatThrownBy(() -> engine.signal("missing-" + queue, "go", "now"))
                    .isInstanceOf(dev.steadfast.error.NoSuchRunException.class);
        }
    }

    @Test
    void describingARunNoWorkerAnswersReturnsAfterTheQueryCapInsteadOfHanging() {
        try (WorkflowEngine client = engine(false)) {
            String id = "orphan-" + queue;
            client.start(Quick.class, id, "never run");
            // the query to a run no worker polls for hangs about a minute on the server: describe gives up at its cap
            RunInfo run = assertTimeoutPreemptively(Duration.ofSeconds(40), () -> client.describe(id));
            assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
        }
    }
}

package dev.steadfast.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.error.ChildRunFailedException;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.model.ModelHttpException;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.testing.MultiAgentContract;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The multi-agent promise on Temporal's in-process test server: each agent delegated to runs as a child
 * workflow. A "restart" closes the worker and opens a new one on the same server and queue.
 */
class TemporalMultiAgentContractTest extends MultiAgentContract {
    @RegisterExtension
    static final TemporalTestEnvironment SERVER = new TemporalTestEnvironment(false);

    private final String taskQueue = "multi-" + UUID.randomUUID();

    @Override
    protected WorkflowEngine openEngine(List<Workflow<?, ?>> workflows, List<Agent<?, ?>> agents) {
        return TemporalTestEnvironment.engine(SERVER.env(), taskQueue, workflows, agents);
    }

    @Test
    void aForkReplaysItsSourcesChildrenWithoutStartingThemAgain() {
        var researcherCalls = new java.util.concurrent.atomic.AtomicInteger();
        Agent<Void, String> researcher = Agent.builder()
                .name("researcher")
                .model(new FunctionModel((messages, params) -> {
                    researcherCalls.incrementAndGet();
                    if (messages.getFirst().toString().contains("fail")) {
                        throw new ModelHttpException(400, "refused", "{}");
                    }
                    return ModelResponse.of(TextPart.of("notes"));
                }))
                .build();
        Workflow<String, String> two = new Workflow<>() {
            @Override
            public String name() {
                return "TwoChildren";
            }

            @Override
            public String run(WorkflowContext ctx, String topic) {
                String first = ctx.run(researcher, topic).output();
                try {
                    return first + " | " + ctx.run(researcher, "fail " + topic).output();
                } catch (ChildRunFailedException e) {
                    return first + " | failed in " + e.childRunId() + ": " + e.errorMessage();
                }
            }
        };
        try (WorkflowEngine engine = openEngine(List.of(two), List.of(researcher))) {
            String id = "fork-src-" + UUID.randomUUID();
            Object out = engine.start("TwoChildren", id, "raft").result(WAIT);
            assertThat(out).asString().startsWith("notes | failed in " + id + ".c2: ");
            Object forked = engine.fork(id, 3, id + "-fork").result(WAIT);

            assertThat(forked).isEqualTo(out);
            assertThat(researcherCalls).hasValue(2); // the fork started no child: both are its source's, replayed
            assertThat(engine.describe(id + "-fork").childIds()).isEmpty();
        }
    }
}

package dev.steadfast.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.agent.RunContext;
import dev.steadfast.agent.Tool;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.usage.UsageLimits;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import dev.steadfast.workflow.WorkflowHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several workers on one task queue, each an engine with its own step bodies (as separate processes
 * have): a run's agent calls never land on a worker that cannot run them, whichever worker runs the
 * workflow, and a worker that goes away mid-call leaves the call to another worker.
 */
class TemporalMultiWorkerTest {
    @RegisterExtension
    static final TemporalTestEnvironment SERVER = new TemporalTestEnvironment(false);

    /** Which engine ran each tool call, by engine label. */
    static final Map<String, AtomicInteger> CALLS_BY_ENGINE = new ConcurrentHashMap<>();
    /** Tool calls per run and call id: a call that ran twice shows 2. */
    static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    /** Holds the tool of run {@code held-*} until released. */
    static volatile CountDownLatch hold = new CountDownLatch(0);
    static final CountDownLatch HELD = new CountDownLatch(1);

    /** The engine label a tool sees: its deps. */
    record Where(String engine) {}

    public static final class Counter {
        @Tool("Count one")
        public String count(String what, RunContext<Where> ctx) throws InterruptedException {
            String engine = ctx.deps() == null ? "unregistered" : ctx.deps().engine();
            CALLS_BY_ENGINE.computeIfAbsent(engine, k -> new AtomicInteger()).incrementAndGet();
            CALLS.computeIfAbsent(ctx.idempotencyKey(), k -> new AtomicInteger()).incrementAndGet();
            if (ctx.idempotencyKey().startsWith("held-")) {
                HELD.countDown();
                hold.await(60, TimeUnit.SECONDS);
            }
            return "counted " + what;
        }
    }

    /** Calls its tool {@code n} times, one turn each, then answers. */
    static Agent<Where, String> counter(String name, int n) {
        return Agent.builder().name(name).deps(Where.class).usageLimits(UsageLimits.NONE)
                .model(new FunctionModel((messages, params) -> {
                    long returns = messages.stream().filter(m -> m instanceof ModelRequest r
                            && r.parts().stream().anyMatch(p -> p instanceof ToolReturnPart)).count();
                    return returns < n ? ModelResponse.of(ToolCallPart.of("count", Map.of("what", "c" + returns)))
                            : ModelResponse.of(TextPart.of("counted " + returns));
                }))
                .tools(new Counter()).build();
    }

    /** A workflow that runs an agent it holds, which no engine registers as an agent. */
    public static final class Delegating implements Workflow<String, String> {
        private final Agent<Where, String> helper = counter("helper", 3);

        @Override
        public String run(WorkflowContext ctx, String input) {
            return helper.run(input).output();
        }
    }

    private final String queue = "multi-" + UUID.randomUUID();

    private WorkflowEngine worker(String label, boolean registersAgent) {
        var b = TemporalEngine.builder().client(SERVER.env().getWorkflowClient()).taskQueue(queue)
                .stickyQueueTimeout(Duration.ZERO).heartbeatTimeout(Duration.ofSeconds(1))
                .register(new Delegating());
        if (registersAgent) {
            b.register(counter("registered", 3), workflowId -> new Where(label));
        } else {
            b.register(new dev.steadfast.workflow.AgentWorkflow<>(counter("registered", 3)));
        }
        return b.build();
    }

    @Test
    void aRunNeverLandsOnAWorkerThatCannotRunItsAgentCalls() {
        CALLS.clear();
        CALLS_BY_ENGINE.clear();
        // a and b register the agent (with their deps); c only has its workflow, as the CLI's catalogue had
        try (WorkflowEngine a = worker("a", true); WorkflowEngine b = worker("b", true);
             WorkflowEngine c = worker("c", false)) {
            var handles = new ArrayList<WorkflowHandle<?>>();
            for (int i = 0; i < 8; i++) {
                handles.add(c.start(Delegating.class, "delegating-" + i + "-" + queue, "go"));
                handles.add(c.start(counter("registered", 3), "registered-" + i + "-" + queue, "go"));
            }
            for (WorkflowHandle<?> h : handles) {
                Object out = h.result(Duration.ofSeconds(60));
                assertThat(out instanceof AgentResult<?> r ? r.output() : out).isEqualTo("counted 3");
            }
        }
        // every call ran once: none was refused by a worker without its body and retried elsewhere
        assertThat(CALLS).hasSize(16 * 3).allSatisfy((call, n) -> assertThat(n).hasValue(1));
        // an unregistered agent's calls ran with the run's own lambdas (no deps); a registered one's on a or b,
        // or, where c ran the workflow task, as c's own
        assertThat(CALLS_BY_ENGINE.keySet()).isSubsetOf(Set.of("a", "b", "unregistered"));
    }

    @Test
    void aCallInFlightOnAWorkerThatStopsIsRetriedByAnotherWorkerOfTheAgent() throws Exception {
        hold = new CountDownLatch(1);
        String id = "held-" + queue;
        WorkflowEngine first = worker("first", true);
        WorkflowEngine second = null;
        try {
            WorkflowHandle<AgentResult<String>> run = first.start(counter("registered", 3), id, "go");
            assertThat(HELD.await(60, TimeUnit.SECONDS)).isTrue();
            // the first call is in flight on the first worker, the only one so far: it stops, the second takes over
            second = worker("second", true);
            first.close();
            hold.countDown();
            assertThat(run.result(Duration.ofSeconds(90)).output()).isEqualTo("counted 3");
        } finally {
            hold.countDown();
            first.close();
            if (second != null) {
                second.close();
            }
        }
        // the interrupted call ran again (it was not recorded); every other call ran once, on the second worker
        List<Integer> perCall = CALLS.entrySet().stream().filter(e -> e.getKey().startsWith(id))
                .map(e -> e.getValue().get()).sorted().toList();
        assertThat(perCall).containsExactly(1, 1, 2);
        assertThat(CALLS_BY_ENGINE.get("second")).hasValue(3);
    }
}

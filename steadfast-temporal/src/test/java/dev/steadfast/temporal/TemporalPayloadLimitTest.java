package dev.steadfast.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.agent.Agent;
import dev.steadfast.error.PayloadTooLargeException;
import dev.steadfast.error.WorkflowFailedException;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.run.RunStatus;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Temporal refuses payloads over 2 MB, and a refused completion would be retried forever; the engine
 * checks each step result and run output first and fails the run with a clear, non-retryable error.
 */
class TemporalPayloadLimitTest {
    static final String THREE_MB = "x".repeat(3 * 1024 * 1024);
    static final AtomicInteger DUMPS = new AtomicInteger();
    static final AtomicInteger FETCHES = new AtomicInteger();

    record Query(String q) {}

    /** A step whose result is 3 MB. */
    public static final class Dumper implements Workflow<String, Integer> {
        @Override
        public Integer run(WorkflowContext ctx, String input) {
            return ctx.step("dump", String.class, () -> {
                DUMPS.incrementAndGet();
                return THREE_MB;
            }).length();
        }
    }

    /** An agent whose tool returns 3 MB: a whole web page, say. */
    static final Agent<Void, String> FETCHER = Agent.builder().name("fetcher")
            .model(new FunctionModel((messages, params) -> messages.size() == 1
                    ? ModelResponse.of(ToolCallPart.of("fetch", Map.of("q", "everything")))
                    : ModelResponse.of(TextPart.of("read it"))))
            .tool("fetch", "fetch a page", Query.class, (ctx, q) -> {
                FETCHES.incrementAndGet();
                return THREE_MB;
            }).build();

    static TestWorkflowEnvironment env;
    static WorkflowEngine engine;

    @BeforeAll
    static void start() {
        env = TemporalTestEnvironment.start();
        engine = TemporalEngine.builder().client(env.getWorkflowClient()).taskQueue("payloads")
                .register(new Dumper()).register(FETCHER).build();
    }

    @AfterAll
    static void stop() {
        engine.close();
        env.close();
    }

    @Test
    void aStepResultOverTheLimitFailsTheRunOnceInsteadOfRetryingForever() {
        var h = engine.start(Dumper.class, "dump-1", "x");
        assertThatThrownBy(() -> h.result(Duration.ofSeconds(30))).isInstanceOfSatisfying(WorkflowFailedException.class, e -> {
            assertThat(e.status()).isEqualTo(RunStatus.FAILED);
            assertThat(e.error().type()).isEqualTo(PayloadTooLargeException.class.getName());
            assertThat(e.error().message()).contains("result of step 1 'dump'").contains("over the engine's payload limit of 2097152 bytes");
        });
        assertThat(DUMPS).hasValue(1);
    }

    @Test
    void aToolResultOverTheLimitFailsTheAgentRunOnce() {
        var h = engine.start(FETCHER, "fetch-1", "read the web");
        assertThatThrownBy(() -> h.result(Duration.ofSeconds(30))).isInstanceOfSatisfying(WorkflowFailedException.class, e -> {
            assertThat(e.error().type()).isEqualTo(PayloadTooLargeException.class.getName());
            assertThat(e.error().message()).contains("'fetcher.tool.fetch'");
        });
        assertThat(FETCHES).hasValue(1);
        assertThat(engine.describe("fetch-1").status()).isEqualTo(RunStatus.FAILED);
    }
}

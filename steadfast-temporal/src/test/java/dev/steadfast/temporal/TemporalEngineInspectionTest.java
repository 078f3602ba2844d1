package dev.steadfast.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.error.CancelledException;
import dev.steadfast.step.RetryPolicy;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunQuery;
import dev.steadfast.run.RunStatus;
import dev.steadfast.error.StepFailedException;
import dev.steadfast.run.StepKind;
import dev.steadfast.step.StepOptions;
import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import dev.steadfast.error.WorkflowFailedException;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** describe, history, list, cancel and fork, decoded from Temporal's own records. */
class TemporalEngineInspectionTest {
    static final AtomicInteger RELEASED = new AtomicInteger();
    static final AtomicInteger FETCHED = new AtomicInteger();
    static final AtomicInteger SENT = new AtomicInteger();
    static final AtomicBoolean BROKEN = new AtomicBoolean();

    /** A step, a step that fails twice and is caught, a signal, a sleep. */
    public static final class Pipeline implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String input) {
            String data = ctx.step("fetch", String.class, () -> "data:" + input);
            var twice = StepOptions.builder().retry(RetryPolicy.builder().maxAttempts(2)
                    .initialInterval(Duration.ofMillis(10)).build()).build();
            try {
                ctx.step("parse", String.class, twice, () -> {
                    throw new IllegalStateException("bad format");
                });
            } catch (StepFailedException e) {
                ctx.logger().info("parse failed: {}", e.getMessage());
            }
            String note = ctx.awaitSignal("note", String.class);
            ctx.sleep(Duration.ofMinutes(5));
            return data + "/" + note;
        }
    }

    /** Holds a resource until cancelled, then releases it as a compensation. */
    public static final class Holder implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String input) {
            ctx.step("acquire", String.class, () -> "lock");
            ctx.addCompensation("release", RELEASED::incrementAndGet);
            try {
                return ctx.awaitSignal("never", String.class);
            } catch (CancelledException e) {
                ctx.compensate();
                throw e;
            }
        }
    }

    /** Fetches, then sends; sending is broken until the fix is "deployed". */
    public static final class Mailer implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String input) {
            String body = ctx.step("fetch", String.class, () -> "body#" + FETCHED.incrementAndGet());
            return ctx.step("send", String.class, StepOptions.builder().retry(RetryPolicy.NONE).build(), () -> {
                if (BROKEN.get()) {
                    throw new UnsupportedOperationException("smtp down");
                }
                SENT.incrementAndGet();
                return "sent " + body;
            });
        }
    }

    static TestWorkflowEnvironment env;
    static WorkflowEngine engine;

    @BeforeAll
    static void start() {
        env = TemporalTestEnvironment.start();
        engine = TemporalTestEnvironment.engine(env, "inspection", new Pipeline(), new Holder(), new Mailer());
    }

    @AfterAll
    static void stop() {
        engine.close();
        env.close();
    }

    @Test
    void describeAndHistoryShowStepsWaitsAndOutcomes() {
        var h = engine.start(Pipeline.class, "pipe-1", "x");
        TemporalTestEnvironment.awaitWaitingFor(engine, "pipe-1", "note");
        RunInfo waiting = engine.describe("pipe-1");
        assertThat(waiting.workflowType()).isEqualTo("Pipeline");
        assertThat(waiting.awaitingSignals()).containsExactly("note");
        assertThat(waiting.input().asText()).isEqualTo("x");
        assertThat(waiting.endedAt()).isNull();

        engine.signal("pipe-1", "note", "hello");
        assertThat(h.result(Duration.ofSeconds(30))).isEqualTo("data:x/hello");

        RunInfo done = engine.describe("pipe-1");
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output().asText()).isEqualTo("data:x/hello");
        assertThat(done.endedAt()).isNotNull();
        assertThat(done.stepCount()).isEqualTo(4);

        List<StepRecord> steps = engine.history("pipe-1");
        assertThat(steps).extracting(StepRecord::seq).containsExactly(1, 2, 3, 4);
        assertThat(steps).extracting(StepRecord::kind)
                .containsExactly(StepKind.STEP, StepKind.STEP, StepKind.SIGNAL, StepKind.SLEEP);
        assertThat(steps).extracting(StepRecord::name).containsExactly("fetch", "parse", "note", "sleep");
        assertThat(steps).extracting(StepRecord::status).containsOnly(StepStatus.COMPLETED, StepStatus.FAILED);
        assertThat(steps.get(0).output().asText()).isEqualTo("data:x");
        assertThat(steps.get(1).status()).isEqualTo(StepStatus.FAILED);
        assertThat(steps.get(1).attempts()).isEqualTo(2);
        assertThat(steps.get(1).error().type()).isEqualTo(IllegalStateException.class.getName());
        assertThat(steps.get(1).error().message()).isEqualTo("bad format");
        assertThat(steps.get(2).output().asText()).isEqualTo("hello");
        assertThat(steps.get(3).duration()).isGreaterThanOrEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void listFiltersByTypeAndStatus() {
        engine.start(Mailer.class, "list-1", "x").result(Duration.ofSeconds(30));
        assertThat(engine.list(RunQuery.all().withType("Mailer"))).extracting(RunInfo::workflowId).contains("list-1");
        assertThat(engine.list(RunQuery.all().withType("Pipeline"))).extracting(RunInfo::workflowId)
                .doesNotContain("list-1");
        assertThat(engine.list(RunQuery.all().withStatus(RunStatus.FAILED))).extracting(RunInfo::workflowId)
                .doesNotContain("list-1");
        assertThat(engine.list(RunQuery.all().withIdContaining("list-").withStatus(RunStatus.COMPLETED)))
                .singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.COMPLETED));
    }

    @Test
    void cancelEndsTheRunCancelledAfterItsCompensations() {
        RELEASED.set(0);
        var h = engine.start(Holder.class, "hold-1", "x");
        TemporalTestEnvironment.awaitWaitingFor(engine, "hold-1", "never");
        engine.cancel("hold-1");
        assertThatThrownBy(() -> h.result(Duration.ofSeconds(30))).isInstanceOfSatisfying(WorkflowFailedException.class,
                e -> assertThat(e.status()).isEqualTo(RunStatus.CANCELLED));
        assertThat(RELEASED.get()).isEqualTo(1);
        assertThat(engine.describe("hold-1").status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(engine.history("hold-1")).extracting(StepRecord::kind)
                .containsExactly(StepKind.STEP, StepKind.COMPENSATION);
    }

    @Test
    void forkReusesRecordedStepsAndRerunsFromTheGivenOne() {
        BROKEN.set(true);
        FETCHED.set(0);
        SENT.set(0);
        var h = engine.start(Mailer.class, "mail-1", "x");
        assertThatThrownBy(() -> h.result(Duration.ofSeconds(30))).isInstanceOf(WorkflowFailedException.class);
        assertThat(engine.history("mail-1")).extracting(StepRecord::status)
                .containsExactly(StepStatus.COMPLETED, StepStatus.FAILED);

        BROKEN.set(false);   // the fix is deployed
        var forked = engine.fork("mail-1", 2, "mail-1-fixed");
        assertThat(forked.result(Duration.ofSeconds(30))).isEqualTo("sent body#1");
        assertThat(FETCHED.get()).isEqualTo(1);
        assertThat(SENT.get()).isEqualTo(1);
        RunInfo info = engine.describe("mail-1-fixed");
        assertThat(info.forkedFrom()).isEqualTo("mail-1");
        assertThat(info.input().asText()).isEqualTo("x");
        assertThat(engine.history("mail-1-fixed")).extracting(StepRecord::name).containsExactly("fetch", "send");
    }

    @Test
    void aClientOnlyEngineStartsAndInspectsRunsThatAWorkerElsewhereExecutes() {
        BROKEN.set(false);
        try (WorkflowEngine client = TemporalEngine.builder().client(env.getWorkflowClient()).taskQueue("inspection")
                .register(new Mailer()).worker(false).build()) {
            assertThat(client.start(Mailer.class, "remote-1", "x").result(Duration.ofSeconds(30))).startsWith("sent body#");
            assertThat(client.describe("remote-1").status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(client.history("remote-1")).extracting(StepRecord::name).containsExactly("fetch", "send");
        }
    }
}

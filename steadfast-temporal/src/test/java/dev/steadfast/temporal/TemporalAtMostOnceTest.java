package dev.steadfast.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.step.StepOptions;
import dev.steadfast.error.StepOutcomeUnknownException;
import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** An at-most-once step whose worker dies mid-step is not run again: the workflow learns the outcome is unknown. */
class TemporalAtMostOnceTest {
    static final AtomicInteger CHARGES = new AtomicInteger();
    static final CountDownLatch CHARGING = new CountDownLatch(1);
    static final AtomicBoolean HANG = new AtomicBoolean();

    /** Charges a card once; if that attempt's fate is unknown, says so instead of charging again. */
    public static final class Charge implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String card) {
            try {
                return ctx.step("charge", String.class, StepOptions.builder().atMostOnce().build(), () -> {
                    CHARGES.incrementAndGet();
                    CHARGING.countDown();
                    while (HANG.get()) {   // a worker that stops answering: no heartbeats, no result
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException ignored) {
                            // a dying process does not get to report either
                        }
                    }
                    return "charged " + card;
                });
            } catch (StepOutcomeUnknownException e) {
                return "unknown: " + e.getMessage();
            }
        }
    }

    @RegisterExtension
    static final TemporalTestEnvironment SERVER = new TemporalTestEnvironment();

    @AfterAll
    static void stop() {
        HANG.set(false);
    }

    private static WorkflowEngine worker() {
        return TemporalEngine.builder().client(SERVER.env().getWorkflowClient()).taskQueue("charges")
                .stickyQueueTimeout(Duration.ZERO).heartbeatTimeout(Duration.ofSeconds(1)).register(new Charge()).build();
    }

    @Test
    void aStepInterruptedByItsWorkersDeathEndsAsOutcomeUnknownAndIsNotRunAgain() throws Exception {
        HANG.set(true);
        WorkflowEngine first = worker();
        first.start(Charge.class, "charge-1", "4242");
        assertThat(CHARGING.await(60, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> dying = CompletableFuture.runAsync(first::close);   // heartbeats stop at once

        try (WorkflowEngine second = worker()) {
            String out = second.handle("charge-1", String.class).result(Duration.ofSeconds(30));

            assertThat(out).startsWith("unknown: ").contains("'charge'").contains("was not run again");
            assertThat(CHARGES).hasValue(1);
            StepRecord charge = second.history("charge-1").getFirst();
            assertThat(charge.name()).isEqualTo("charge");
            assertThat(charge.status()).isEqualTo(StepStatus.FAILED);
        } finally {
            HANG.set(false);
            dying.get(20, TimeUnit.SECONDS);
        }
    }
}

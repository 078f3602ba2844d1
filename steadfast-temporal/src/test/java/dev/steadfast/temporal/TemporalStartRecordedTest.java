package dev.steadfast.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import dev.steadfast.step.RetryPolicy;
import dev.steadfast.step.StepOptions;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A step whose start is recorded runs as a regular activity, whose start the server records (a local
 * activity can run again without any crash when its workflow task times out); its retries still follow
 * its policy, and it is read back like any step.
 */
class TemporalStartRecordedTest {
    static final AtomicInteger ATTEMPTS = new AtomicInteger();

    /** Sends one e-mail; the mail server refuses the first two attempts. */
    public static final class Mail implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String to) {
            var options = StepOptions.builder().startRecorded()
                    .retry(RetryPolicy.builder().maxAttempts(3).initialInterval(Duration.ofMillis(10)).build()).build();
            String sent = ctx.step("send", String.class, options, () -> {
                if (ATTEMPTS.incrementAndGet() < 3) {
                    throw new IllegalStateException("mail server busy");
                }
                return "sent to " + to;
            });
            return sent + ", " + ctx.step("log", String.class, () -> "logged");
        }
    }

    @RegisterExtension
    static final TemporalTestEnvironment SERVER = new TemporalTestEnvironment();

    @Test
    void aStepWhoseStartIsRecordedIsARegularActivityRetriedByItsPolicy() {
        try (WorkflowEngine engine = TemporalEngine.builder().client(SERVER.env().getWorkflowClient())
                .taskQueue("mail").register(new Mail()).build()) {
            assertThat(engine.start(Mail.class, "mail-1", "ana").result(Duration.ofSeconds(30)))
                    .isEqualTo("sent to ana, logged");

            List<HistoryEvent> events = SERVER.env().getWorkflowClient().fetchHistory("mail-1").getEvents();
            // the send step is one regular activity (its three attempts inside it); the log step a local one
            assertThat(events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                    .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName()))
                    .containsExactly("send");
            List<StepRecord> steps = engine.history("mail-1");
            assertThat(steps).extracting(StepRecord::name).containsExactly("send", "log");
            assertThat(steps.getFirst().status()).isEqualTo(StepStatus.COMPLETED);
            assertThat(steps.getFirst().attempts()).isEqualTo(3);
            assertThat(ATTEMPTS).hasValue(3);
        }
    }
}

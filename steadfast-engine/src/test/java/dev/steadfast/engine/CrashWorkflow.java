package dev.steadfast.engine;

import dev.steadfast.step.RetryPolicy;
import dev.steadfast.step.StepContext;
import dev.steadfast.step.StepOptions;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Twenty steps that each append "run step attempt round" to a side-effect log, with a retry
 * backoff (step 5), a durable sleep (after step 10) and a signal wait (after step 15) on the way,
 * so kills land in every kind of place.
 */
final class CrashWorkflow implements Workflow<String, String> {
    static final int STEPS = 20;
    private static final StepOptions RETRY = StepOptions.builder().retry(RetryPolicy.builder().maxAttempts(3)
            .initialInterval(Duration.ofMillis(150)).build()).build();

    private final Path log;
    private final int round;

    CrashWorkflow(Path log, int round) {
        this.log = log;
        this.round = round;
    }

    @Override
    public String run(WorkflowContext ctx, String input) {
        long sum = 0;
        for (int i = 1; i <= STEPS; i++) {
            int n = i;
            sum += ctx.step("s" + i, Integer.class, n == 5 ? RETRY : StepOptions.DEFAULT, () -> {
                int attempt = StepContext.current().orElseThrow().attempt();
                append(ctx.workflowId() + " " + n + " " + attempt + " " + round + "\n");
                Thread.sleep(15);
                if (n == 5 && attempt == 1) {
                    throw new IllegalStateException("first attempt of step 5 always fails");
                }
                return n;
            });
            if (i == 10) {
                ctx.sleep(Duration.ofMillis(200));
            }
            if (i == 15) {
                ctx.awaitSignal("go", String.class);
            }
        }
        return input + ":" + sum;
    }

    private void append(String line) {
        try {
            Files.writeString(log, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return "CrashWorkflow";
    }
}

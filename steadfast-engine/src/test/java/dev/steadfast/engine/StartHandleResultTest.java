package dev.steadfast.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steadfast.run.RunStatus;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import dev.steadfast.error.WorkflowFailedException;
import dev.steadfast.workflow.WorkflowHandle;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handle {@code start} returns keeps how its run ended when it ended in that engine, so a
 * {@code result()} called afterwards reads nothing back: it must give exactly what a handle that
 * reads the run's row gives, for a run that failed as for one that completed.
 */
class StartHandleResultTest {
    @TempDir
    Path dir;

    static final class FailsOnOdd implements Workflow<Integer, String> {
        @Override
        public String run(WorkflowContext ctx, Integer n) {
            String done = ctx.step("work", String.class, () -> "did " + n);
            if (n % 2 == 1) {
                throw new IllegalStateException("odd input " + n);
            }
            return done;
        }
    }

    @Test
    void aResultAskedAfterTheRunEndedIsTheOneItsRowHolds() throws Exception {
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(dir.resolve("h.db"))
                .register(new FailsOnOdd()).build()) {
            WorkflowHandle<String> completes = engine.start(FailsOnOdd.class, "even", 2);
            WorkflowHandle<String> fails = engine.start(FailsOnOdd.class, "odd", 3);
            TestEngines.awaitRun(engine, "even", r -> r.status() == RunStatus.COMPLETED);
            TestEngines.awaitRun(engine, "odd", r -> r.status() == RunStatus.FAILED);

            assertThat(completes.result(TestEngines.WAIT)).isEqualTo("did 2")
                    .isEqualTo(engine.handle("even", String.class).result(TestEngines.WAIT));

            var seen = catchThrowableOfType(WorkflowFailedException.class, () -> fails.result(TestEngines.WAIT));
            var read = catchThrowableOfType(WorkflowFailedException.class,
                    () -> engine.handle("odd", String.class).result(TestEngines.WAIT));
            assertThat(seen.status()).isEqualTo(RunStatus.FAILED).isEqualTo(read.status());
            assertThat(seen.error()).isEqualTo(read.error());
            assertThat(seen.error().type()).isEqualTo(IllegalStateException.class.getName());
            assertThat(seen.error().message()).isEqualTo("odd input 3");
        }
    }
}

package dev.steadfast.engine;

import static dev.steadfast.engine.TestEngines.WAIT;
import static dev.steadfast.engine.TestEngines.awaitRun;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.run.RunStatus;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A waiting run costs a row, not a thread: signals that do not concern its wait wake it, and it goes back to
 * rows. Before the fix a poke that arrived while it tried to unload was never taken, so every later unload
 * failed and the run's thread spun at full speed, for ever.
 */
class IdleWaitTest {
    private static final Map<String, Thread> THREADS = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    /** Notes the thread that runs (or replays) it, then waits for "go". */
    static final class AwaitsGo implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
            THREADS.put(ctx.workflowId(), Thread.currentThread());
            return "got " + ctx.awaitSignal("go", String.class);
        }
    }

    @Test
    void aRunWokenBySignalsForOtherWaitsUnloadsAgain() {
        try (WorkflowEngine engine = EmbeddedEngine.builder()
                .database(dir.resolve("idle.db"))
                .unloadAfter(Duration.ZERO)
                .register(new AwaitsGo())
                .build()) {
            engine.start(AwaitsGo.class, "idle", "");
            awaitRun(engine, "idle", r -> r.awaitingSignals().contains("go"));
            for (int i = 0; i < 300; i++) {
                engine.signal("idle", "noise", i); // stored; each pokes or loads the run, which waits on for "go"
            }
            // the thread that handled the last of them ends: the run is rows again (a spinning one never ends)
            for (int check = 0; check < 3; check++) {
                awaitRun(
                        engine,
                        "idle",
                        r -> r.status() == RunStatus.WAITING
                                && THREADS.get("idle").getState() == Thread.State.TERMINATED);
            }
            engine.signal("idle", "go", "it");
            assertThat(engine.handle("idle", String.class).result(WAIT)).isEqualTo("got it");
        }
    }
}

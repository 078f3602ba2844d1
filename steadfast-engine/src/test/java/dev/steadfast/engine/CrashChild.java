package dev.steadfast.engine;

import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunQuery;
import dev.steadfast.run.RunStatus;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The process {@link CrashRecoveryIT} kills: opens the engine (recovering whatever the last one
 * left), starts one new run (and any earlier one a kill during start-up kept from starting), lets waiting runs go, says READY, and works until it is killed.
 * Arguments: database, side-effect log, round number.
 */
public final class CrashChild {
    private CrashChild() {}

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        Path log = Path.of(args[1]);
        int round = Integer.parseInt(args[2]);
        WorkflowEngine engine = EmbeddedEngine.builder().database(db).unloadAfter(Duration.ofMillis(100))
                .register(new CrashWorkflow(log, round)).build();
        for (int r = 0; r <= round; r++) { // idempotent per id: also starts a run whose round was killed early
            engine.start(CrashWorkflow.class, "run-" + r, "run-" + r);
        }
        System.out.println("READY");
        System.out.flush();
        while (true) {
            for (RunInfo r : engine.list(RunQuery.all().withStatus(RunStatus.WAITING).withLimit(1000))) {
                if (r.awaitingSignals().contains("go")) {
                    engine.signal(r.workflowId(), "go", "go");
                }
            }
            Thread.sleep(50);
        }
    }
}

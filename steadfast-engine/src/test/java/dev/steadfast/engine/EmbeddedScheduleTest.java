package dev.steadfast.engine;

import dev.steadfast.testing.schedule.ScheduleContract;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Schedules on the embedded engine keep the promise every engine keeps. */
class EmbeddedScheduleTest extends ScheduleContract {
    @TempDir
    Path dir;

    @Override
    protected WorkflowEngine openEngine(Workflow<?, ?> workflow) {
        return EmbeddedEngine.builder()
                .database(dir.resolve("schedules.db"))
                .register(workflow)
                .build();
    }
}

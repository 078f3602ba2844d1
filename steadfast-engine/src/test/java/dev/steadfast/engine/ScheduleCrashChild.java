package dev.steadfast.engine;

import dev.steadfast.schedule.CatchUpPolicy;
import dev.steadfast.schedule.OverlapPolicy;
import dev.steadfast.schedule.Schedule;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The process {@link ScheduleCrashIT} kills: owns the database, creates (once) a schedule that fires every
 * second, says READY, and fires slots until it is killed. Argument: the database.
 */
public final class ScheduleCrashChild {
    private ScheduleCrashChild() {}

    /** The scheduled workflow: one recorded step. */
    public static final class Beat implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String in) {
            return ctx.step("beat", String.class, () -> in + "@" + ctx.workflowId());
        }
    }

    static final String SCHEDULE = "beat";

    public static void main(String[] args) throws Exception {
        WorkflowEngine engine = EmbeddedEngine.builder()
                .database(Path.of(args[0]))
                .register(new Beat())
                .build();
        if (engine.schedules().list().isEmpty()) {
            engine.schedules()
                    .create(Schedule.builder(SCHEDULE)
                            .workflow("Beat", "beat")
                            .every(Duration.ofSeconds(1))
                            .overlap(OverlapPolicy.ALLOW_ALL)
                            .catchUp(CatchUpPolicy.RUN_ONCE)
                            .build());
        }
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}

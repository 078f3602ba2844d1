package dev.steadfast.bench.durable;

import dev.steadfast.agent.Agent;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;

/** Embedded engines for the benchmarks, each on a fresh file in the benchmark directory. */
final class Engines {
    /** Long enough for any single run of the benchmarks; a run still going after it fails the benchmark. */
    static final Duration RESULT_TIMEOUT = Duration.ofMinutes(5);

    private Engines() {}

    static WorkflowEngine embedded(Path dir, String name, boolean full, Workflow<?, ?>... workflows) {
        return EmbeddedEngine.builder().database(dir.resolve(name + ".db"))
                .synchronous(full ? EmbeddedEngine.Synchronous.FULL : EmbeddedEngine.Synchronous.NORMAL)
                .register(workflows).build();
    }

    static WorkflowEngine embedded(Path dir, String name, boolean full, Agent<?, ?> agent) {
        return EmbeddedEngine.builder().database(dir.resolve(name + ".db"))
                .synchronous(full ? EmbeddedEngine.Synchronous.FULL : EmbeddedEngine.Synchronous.NORMAL)
                .register(agent).build();
    }
}

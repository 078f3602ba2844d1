package dev.steadfast.mcp;

import dev.steadfast.temporal.TemporalEngine;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The worker of {@link McpTemporalCrashIT}, run in a child JVM the test SIGKILLs: {@link McpCrashChild}'s
 * agent, its MCP toolset (server-everything over stdio, started by this JVM) logging each real listing and
 * call, registered on a Temporal engine that works the given task queue.
 */
final class McpTemporalWorker {
    /** Workflow-task timeout of the runs: about the time a run waits for a new worker after a SIGKILL. */
    static final Duration WORKFLOW_TASK_TIMEOUT = Duration.ofSeconds(4);
    /** Heartbeat timeout of the agent's steps: about the time a dead worker's MCP call waits to be retried. */
    static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(2);

    private McpTemporalWorker() {}

    /** Child JVM: a worker for task queue {@code args[1]} on the test server at {@code 127.0.0.1:args[0]}, logging to {@code args[2]}. */
    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[2]);
        // No sticky hand-off: while the MCP call runs the workflow is idle, and the test server never times out an
        // idle run's sticky queue, so a workflow task sent there after the kill would wait for the dead worker.
        TemporalEngine.builder()
                .target("127.0.0.1:" + args[0])
                .taskQueue(args[1])
                .workflowTaskTimeout(WORKFLOW_TASK_TIMEOUT)
                .heartbeatTimeout(HEARTBEAT_TIMEOUT)
                .stickyQueueTimeout(Duration.ZERO)
                .register(McpCrashChild.agent(McpCrashChild.toolset(work)))
                .worker(true)
                .build();
        System.out.println("WORKER READY");
        System.out.flush();
        Thread.currentThread().join();
    }
}

package dev.steadfast.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A durable agent SIGKILLed during an MCP call (a real child JVM, a real server-everything over stdio),
 * then resumed here: the server is started again, the tool listing and the call recorded before the
 * kill are not executed again, and only the call in flight runs once more.
 */
class McpCrashIT {
    @TempDir
    Path work;

    @Test
    void onlyTheMcpCallInFlightRunsAgainAfterAKill() throws Exception {
        Path db = work.resolve("runs.db");
        Path err = work.resolve("child-stderr.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "-Dsteadfast.mcp.servers=" + System.getProperty("steadfast.mcp.servers", "target/mcp-servers"),
                McpCrashChild.class.getName(), db.toString(), work.toString())
                .redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CountingToolset log = new CountingToolset(null, work.resolve("effects.log"));
        List<StepRecord> atKill;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (log.count("start " + McpCrashChild.LONG) == 0 && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(log.lines()).as("the child's effects (stderr: %s)", Files.exists(err) ? Files.readString(err) : "none")
                    .contains("start " + McpCrashChild.LONG);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, the server is not stopped by us
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        try (WorkflowEngine journal = EmbeddedEngine.builder().database(db).access(EmbeddedEngine.Access.READ_ONLY).build()) {
            atKill = journal.history(McpCrashChild.RUN);
        }
        assertThat(atKill.stream().filter(r -> r.status() == StepStatus.COMPLETED).map(StepRecord::name).toList())
                .as("recorded at the kill").containsExactly("crashy.toolset.ev", "crashy.model", "crashy.tool.ev_echo", "crashy.model");
        assertThat(log.lines()).as("effects at the kill").containsExactly("list ev", "start ev_echo", "done ev_echo",
                "start " + McpCrashChild.LONG);

        CountingToolset toolset = McpCrashChild.toolset(work);
        Agent<Void, String> agent = McpCrashChild.agent(toolset);
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db).register(agent).build()) {
            // start is idempotent per id: this is the handle of the resumed run
            String out = engine.start(agent, McpCrashChild.RUN, McpCrashChild.PROMPT).result(Duration.ofSeconds(120)).output();
            assertThat(out).contains("finished:", "Long running operation completed");
            List<StepRecord> history = engine.history(McpCrashChild.RUN);
            assertThat(history).extracting(StepRecord::name).containsExactly("crashy.toolset.ev", "crashy.model",
                    "crashy.tool.ev_echo", "crashy.model", "crashy.tool." + McpCrashChild.LONG, "crashy.model");
        } finally {
            ((McpToolset) toolset.inner()).close();
        }
        assertThat(log.lines()).as("effects in the end: the listing and the echo once, the call in flight twice")
                .containsExactly("list ev", "start ev_echo", "done ev_echo", "start " + McpCrashChild.LONG,
                        "start " + McpCrashChild.LONG, "done " + McpCrashChild.LONG);
    }
}

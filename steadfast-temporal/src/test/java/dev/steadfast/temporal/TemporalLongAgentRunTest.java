package dev.steadfast.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.AgentResult;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.message.Messages;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent run whose conversation outgrows the payload limit ends normally: its result does not carry the
 * conversation inside the workflow's output, and {@code result()} still returns every message, as on the embedded
 * engine.
 */
class TemporalLongAgentRunTest {
    @RegisterExtension
    static final TemporalTestEnvironment SERVER = new TemporalTestEnvironment();

    @TempDir
    Path dir;

    @Test
    void aConversationLargerThanThePayloadLimitStillEndsWithItsWholeConversation() throws Exception {
        int turns = 80;   // ~80 x 2 messages of ~300 bytes: about 50 KB, past a 32 KiB payload limit
        AgentResult<String> onTemporal;
        try (WorkflowEngine engine = TemporalEngine.builder().client(SERVER.env().getWorkflowClient())
                .taskQueue("long-run").maxPayloadBytes(32 * 1024).register(HistoryGrowthTest.talker(turns)).build()) {
            onTemporal = engine.start(HistoryGrowthTest.talker(turns), "long-1", "talk").result(Duration.ofSeconds(120));
            assertThat(engine.describe("long-1").output().toString().length()).isLessThan(32 * 1024);
        }
        AgentResult<String> embedded;
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(dir.resolve("long.db"))
                .register(HistoryGrowthTest.talker(turns)).build()) {
            embedded = engine.start(HistoryGrowthTest.talker(turns), "long-1", "talk").result(Duration.ofSeconds(120));
        }
        assertThat(onTemporal.output()).isEqualTo("done");
        assertThat(onTemporal.messages()).hasSize(embedded.messages().size());
        assertThat(onTemporal.newMessages()).hasSize(embedded.newMessages().size());
        assertThat(comparable(onTemporal)).isEqualTo(comparable(embedded));
    }

    /** The conversation's JSON without what differs from run to run: timestamps and generated call ids. */
    private static String comparable(AgentResult<String> r) {
        return Messages.mapper().valueToTree(r.messages()).toString()
                .replaceAll("\"timestamp\":\"[^\"]*\"", "").replaceAll("\"toolCallId\":\"[^\"]*\"", "");
    }
}

package dev.steadfast.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import dev.steadfast.agent.Agent;
import dev.steadfast.usage.UsageLimits;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.WorkflowEngine;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a long agent conversation grows Temporal's history, beside the embedded journal: a run of
 * {@code n} turns (a model request asking for a tool call with ~200 bytes of arguments, the tool's
 * answer), measured as the bytes of every payload in the history (GetWorkflowExecutionHistory) and
 * as the steps table's input + output lengths. Figures go to BENCHMARKS.md, "History growth".
 */
class HistoryGrowthTest {
    record Echo(String text) {}

    @RegisterExtension
    static final TemporalTestEnvironment SERVER = new TemporalTestEnvironment();

    @TempDir
    Path dir;


    static Agent<Void, String> talker(int turns) {
        return Agent.builder().name("talker").usageLimits(UsageLimits.NONE)
                .model(new FunctionModel((messages, params) -> {
                    long calls = messages.stream().filter(m -> m instanceof ModelResponse).count();
                    return calls < turns - 1
                            ? ModelResponse.of(ToolCallPart.of("echo", Map.of("text", "x".repeat(200) + calls)))
                            : ModelResponse.of(TextPart.of("done"));
                }))
                .tool("echo", "echo", Echo.class, (ctx, e) -> e.text()).build();
    }

    /** The history of a run of {@code turns} turns on Temporal. */
    Growth temporal(int turns, long inlineBytes) {
        String queue = "growth-" + turns + "-" + inlineBytes;
        String id = queue + "-run";
        try (WorkflowEngine engine = TemporalEngine.builder().client(SERVER.env().getWorkflowClient()).taskQueue(queue)
                .inlineConversationBytes(inlineBytes).register(talker(turns)).build()) {
            engine.start(talker(turns), id, "talk").result(Duration.ofSeconds(60));
        }
        List<HistoryEvent> events = SERVER.env().getWorkflowClient().fetchHistory(id).getEvents();
        long all = events.stream().mapToLong(HistoryGrowthTest::payloadBytes).sum();
        long runInputAndOutput = events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED
                || e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED).mapToLong(HistoryGrowthTest::payloadBytes).sum();
        return new Growth(all - runInputAndOutput, all, events.stream().mapToLong(HistoryEvent::getSerializedSize).sum(),
                events.size());
    }

    /**
     * One run's history: the payloads of its steps (activity inputs and results, markers), all payloads
     * (with the run's input and output), the serialized events, and their count.
     */
    record Growth(long stepPayloads, long allPayloads, long eventBytes, int events) {}

    /**
     * The steps table's input + output JSON bytes of the same run on the embedded engine: what the
     * journal records, before the compression of large payloads (which would flatter the comparison).
     */
    long embedded(int turns) throws Exception {
        Path db = dir.resolve("growth-" + turns + ".db");
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db).register(talker(turns)).build()) {
            engine.start(talker(turns), "run", "talk").result(Duration.ofSeconds(60));
        }
        long bytes = 0;
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
             var rs = c.createStatement().executeQuery("SELECT input, output FROM steps")) {
            while (rs.next()) {
                bytes += jsonBytes(rs.getObject(1)) + jsonBytes(rs.getObject(2));
            }
        }
        return bytes;
    }

    /**
     * The UTF-8 bytes of a journal column's JSON: text as it is; a compressed BLOB by its header, a
     * format byte (1: an LZ4 block) then the length as an unsigned LEB128 varint.
     */
    private static long jsonBytes(Object column) {
        if (column instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8).length;
        }
        if (!(column instanceof byte[] blob)) {
            return 0;
        }
        assertThat(blob[0]).as("the format byte of a compressed payload").isEqualTo((byte) 1);
        long length = 0;
        for (int i = 1, shift = 0; ; i++, shift += 7) {
            length |= (long) (blob[i] & 0x7F) << shift;
            if (blob[i] >= 0) {
                return length;
            }
        }
    }

    /** Every Payload inside an event, however deeply nested (inputs, results, marker details, metadata). */
    static long payloadBytes(Message m) {
        if (m instanceof Payload p) {
            return p.getSerializedSize();
        }
        long sum = 0;
        for (var field : m.getAllFields().entrySet()) {
            Object v = field.getValue();
            if (v instanceof Message child) {
                sum += payloadBytes(child);
            } else if (v instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof Message child) {
                        sum += payloadBytes(child);
                    }
                }
            } else if (v instanceof Map<?, ?> map) {
                for (Object o : map.values()) {
                    if (o instanceof Message child) {
                        sum += payloadBytes(child);
                    }
                }
            }
        }
        return sum;
    }

    @Test
    void aLongConversationGrowsTheHistoryLinearly() throws Exception {
        long journal100 = embedded(100);
        long journal50 = embedded(50);
        Growth byHash100 = temporal(100, 0);
        Growth byHash50 = temporal(50, 0);
        Growth byDefault100 = temporal(100, 8 * 1024);
        Growth inline100 = temporal(100, Long.MAX_VALUE);   // the naive design: the whole conversation every time
        System.out.printf("""
                History growth, 100 turns (a model request and a tool call each, ~200 B of arguments):
                  embedded journal, steps input+output:  %,d bytes (50 turns: %,d)
                  Temporal, by hash (inline 0):          steps %,d, all payloads %,d, events %,d bytes in %d events (50 turns: steps %,d)
                  Temporal, default (inline <= 8 KiB):   steps %,d, all payloads %,d, events %,d bytes
                  Temporal, whole conversation inline:   steps %,d, all payloads %,d, events %,d bytes
                """, journal100, journal50, byHash100.stepPayloads(), byHash100.allPayloads(), byHash100.eventBytes(),
                byHash100.events(), byHash50.stepPayloads(), byDefault100.stepPayloads(), byDefault100.allPayloads(),
                byDefault100.eventBytes(), inline100.stepPayloads(), inline100.allPayloads(), inline100.eventBytes());

        // Linear: twice the turns, about twice the bytes (a quadratic history would be about 4x).
        assertThat((double) byHash100.stepPayloads() / byHash50.stepPayloads()).isLessThan(2.2);
        assertThat((double) journal100 / journal50).isLessThan(2.2);
        // A step's payloads hold what the journal row holds (new messages in, response or tool result out) plus a
        // fixed envelope of ~500 B: step key, seq, kind and name in input and result, the conversation's id, count
        // and 64-hex-digit hash, usage and cost, Temporal's encoding metadata. With ~770 B per step here: < 2x.
        assertThat(byHash100.stepPayloads()).isLessThan(2 * journal100);
        assertThat(byDefault100.stepPayloads()).isLessThan(3 * journal100);
        // The naive design is quadratic: many times bigger at 100 turns.
        assertThat(inline100.stepPayloads()).isGreaterThan(10 * byHash100.stepPayloads());
    }
}

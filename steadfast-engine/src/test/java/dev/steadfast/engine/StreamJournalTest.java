package dev.steadfast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.model.Model;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.run.StepRecord;
import dev.steadfast.stream.AgentEvent;
import dev.steadfast.stream.RunEvent;
import dev.steadfast.stream.StreamCursor;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A streamed model step writes its whole response once: deltas never reach the journal. */
class StreamJournalTest {
    private static final String ANSWER = "word ".repeat(2000).trim();

    @TempDir
    Path dir;

    private record Journal(long walBytes, List<StepRecord> steps, int deltasSeen) {}

    private Journal run(String name, Model model) throws Exception {
        Agent<Void, String> agent = Agent.builder().name("writer").model(model).build();
        Path db = dir.resolve(name + ".db");
        try (WorkflowEngine engine =
                EmbeddedEngine.builder().database(db).register(agent).build()) {
            engine.start(agent, "run", "Write").result(Duration.ofSeconds(30));
            var deltas = new ArrayList<RunEvent>();
            try (var events = engine.events("run", StreamCursor.START)) {
                events.forEach(deltas::add);
            }
            return new Journal(Files.size(Path.of(db + "-wal")), engine.history("run"), (int) deltas.stream()
                    .filter(e -> e.event() instanceof AgentEvent.TextDelta)
                    .count());
        }
    }

    @Test
    void aStepStreamedInTwoThousandDeltasRecordsWhatAStepStreamedInOneRecords() throws Exception {
        var streamedEvents = new AtomicInteger();
        Model manyDeltas = new FunctionModel((m, p) -> ModelResponse.of(TextPart.of(ANSWER)))
                .streaming((n, next) -> streamedEvents.incrementAndGet());
        Model oneDelta = new Model() { // the default requestStream: the whole answer as one delta
                    @Override
                    public String name() {
                        return "function";
                    }

                    @Override
                    public ModelResponse request(
                            List<Message> messages, ModelSettings settings, ModelRequestParameters params) {
                        return manyDeltas.request(messages, settings, params);
                    }
                };

        Journal streamed = run("streamed", manyDeltas);
        Journal whole = run("whole", oneDelta);

        assertThat(streamedEvents.get()).isEqualTo(2001); // the model really streamed 2000 deltas
        assertThat(streamed.steps()).hasSize(1);
        assertThat(streamed.steps().getFirst().output())
                .isEqualTo(whole.steps().getFirst().output());
        assertThat(streamed.steps().getFirst().attempts()).isEqualTo(1);
        // the same transactions: a write per delta would add at least a 4 KiB WAL frame per delta
        assertThat(streamed.walBytes()).isLessThanOrEqualTo(whole.walBytes() + 2 * 4096 + 24);
        assertThat(streamed.deltasSeen()).isEqualTo(1); // read back from the journal: one delta for the part
    }
}

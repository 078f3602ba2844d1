package dev.steadfast.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.agent.Agent;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.stream.AgentEvent;
import dev.steadfast.stream.RunEvent;
import dev.steadfast.stream.StreamCursor;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The process {@link StreamCrashIT} kills mid-answer: a durable agent run whose answer streams, and a
 * subscriber in the same process that prints each event it gets as a line {@code EV <json>} with its
 * cursor. Arguments: database, the cursor to subscribe from, and {@code hold} (start the run and hold
 * its answer at the tenth event, saying HELD, until killed) or {@code resume} (let the engine resume it).
 */
public final class StreamCrashChild {
    static final String ANSWER = "After the kill the run resumes at the step it was in, streams that step again from "
            + "its start, and every subscriber is told to discard what it saw of the attempt that died.";

    private StreamCrashChild() {}

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        StreamCursor from = StreamCursor.parse(args[1]);
        boolean hold = args[2].equals("hold");
        var model = new FunctionModel((m, p) -> ModelResponse.of(TextPart.of(ANSWER))).streaming((n, next) -> {
            if (hold && n == 10) {
                System.out.println("HELD");
                System.out.flush();
                new CountDownLatch(1).await(); // until SIGKILL
            }
        });
        Agent<Void, String> agent =
                Agent.builder().name("streamer").model(model).build();
        var json = new ObjectMapper();
        try (WorkflowEngine engine =
                EmbeddedEngine.builder().database(db).register(agent).build()) {
            if (hold) {
                engine.start(agent, "run", "Explain what a crash does to a stream");
            }
            try (var events = engine.events("run", from)) {
                for (RunEvent e : events) {
                    ObjectNode line = json.createObjectNode()
                            .put("cursor", e.cursor().toString())
                            .put("kind", e.event().getClass().getSimpleName());
                    if (e.event() instanceof AgentEvent.TextDelta d) {
                        line.put("text", d.text());
                    }
                    System.out.println("EV " + line);
                    System.out.flush();
                }
            }
            System.out.println("END");
            System.out.flush();
        }
    }
}

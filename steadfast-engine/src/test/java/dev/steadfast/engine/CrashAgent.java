package dev.steadfast.engine;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.RunContext;
import dev.steadfast.agent.Tool;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.testing.FunctionModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * A 6-step agent run for crash tests: model, search a, model, search b + search c (parallel), model.
 * Each model request and search takes 300 ms and logs what it received (the conversation) or did
 * to files, so a test can compare a crashed-and-resumed run with an uncrashed one.
 */
final class CrashAgent {
    static final String PROMPT = "research a, then b and c";
    record Summary(List<String> found) {}

    private CrashAgent() {}

    static Agent<Void, Summary> create(Path logDir) {
        var model = new FunctionModel("crash-model", (messages, params) -> {
            append(logDir.resolve("conversations.log"), Messages.toJson(messages));
            pause();
            long returns = messages.stream().filter(m -> m instanceof ModelRequest r
                    && r.parts().stream().anyMatch(p -> p instanceof ToolReturnPart)).count();
            return switch ((int) returns) {
                case 0 -> ModelResponse.of(ToolCallPart.of("search", "c1", Map.of("q", "a")));
                case 1 -> ModelResponse.of(ToolCallPart.of("search", "c2", Map.of("q", "b")),
                        ToolCallPart.of("search", "c3", Map.of("q", "c")));
                default -> ModelResponse.of(ToolCallPart.of("final_result", "f", Map.of("found", found(messages))));
            };
        });
        return Agent.builder().name("crasher").model(model).tools(new Tools(logDir)).output(Summary.class).build();
    }

    private static List<String> found(List<dev.steadfast.message.Message> messages) {
        return messages.stream().filter(m -> m instanceof ModelRequest).flatMap(m -> ((ModelRequest) m).parts().stream())
                .filter(p -> p instanceof ToolReturnPart).map(p -> ((ToolReturnPart) p).contentAsText()).toList();
    }

    static final class Tools {
        private final Path logDir;

        Tools(Path logDir) {
            this.logDir = logDir;
        }

        @Tool("search")
        String search(String q, RunContext<Void> ctx) {
            append(logDir.resolve("tools.log"), "start " + ctx.idempotencyKey() + " " + q);
            pause();
            append(logDir.resolve("tools.log"), "done " + ctx.idempotencyKey() + " " + q);
            return "result-" + q;
        }
    }

    static void pause() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static synchronized void append(Path file, String line) {
        try {
            Files.writeString(file, line.replace('\n', ' ') + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Child JVM: runs the agent durably on {@code args[0]}, logging to {@code args[1]}, printing each completed step. */
    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        Path logDir = Path.of(args[1]);
        var agent = create(logDir);
        var engine = EmbeddedEngine.builder().database(db).register(agent).build();
        engine.start(agent, "crash-run", PROMPT);
        System.out.println("STARTED");
        System.out.flush();
        // a set, not the highest step seen: parallel tool calls may complete out of order
        var reported = new java.util.HashSet<Integer>();
        boolean ended = false;
        while (true) {
            for (var s : engine.history("crash-run")) {
                if (s.status() == dev.steadfast.run.StepStatus.COMPLETED && reported.add(s.seq())) {
                    System.out.println("STEP " + s.seq());
                }
            }
            var status = engine.describe("crash-run").status();
            if (status.isTerminal() && !ended) {
                System.out.println("ENDED " + status); // the parent stops waiting for a step that will not come
                ended = true;
            }
            System.out.flush();
            Thread.sleep(10);
        }
    }
}

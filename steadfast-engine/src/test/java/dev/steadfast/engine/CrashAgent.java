package dev.steadfast.engine;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.Tool;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
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
 * A 6-step agent run for crash tests: model, search a, model, search b + search c (parallel), model
 * ({@link #STEPS}, in the journal's order). Each model request and search takes 300 ms, logs
 * {@code start <step>} and {@code done <step>} to {@value #EFFECTS}, and each model request the
 * conversation it received to {@value #CONVERSATIONS}, so a test can compare a crashed-and-resumed run
 * with an uncrashed one. A step the test {@linkplain #hold holds} does not go on past its start until the
 * test lets it.
 */
final class CrashAgent {
    static final String PROMPT = "research a, then b and c";
    /** The steps as {@value #EFFECTS} names them: the n-th is the journal's seq n. */
    static final List<String> STEPS = List.of("model-0", "search-a", "model-1", "search-b", "search-c", "model-2");

    static final String EFFECTS = "effects.log";
    static final String CONVERSATIONS = "conversations.log";

    record Summary(List<String> found) {}

    private CrashAgent() {}

    static Agent<Void, Summary> create(Path logDir) {
        var model = new FunctionModel("crash-model", (messages, params) -> {
            long returns = messages.stream()
                    .filter(m -> m instanceof ModelRequest r
                            && r.parts().stream().anyMatch(p -> p instanceof ToolReturnPart))
                    .count();
            effect(logDir, "model-" + returns, () -> append(logDir.resolve(CONVERSATIONS), Messages.toJson(messages)));
            return switch ((int) returns) {
                case 0 -> ModelResponse.of(ToolCallPart.of("search", "c1", Map.of("q", "a")));
                case 1 ->
                    ModelResponse.of(
                            ToolCallPart.of("search", "c2", Map.of("q", "b")),
                            ToolCallPart.of("search", "c3", Map.of("q", "c")));
                default -> ModelResponse.of(ToolCallPart.of("final_result", "f", Map.of("found", found(messages))));
            };
        });
        return Agent.builder()
                .name("crasher")
                .model(model)
                .tools(new Tools(logDir))
                .output(Summary.class)
                .build();
    }

    private static List<String> found(List<dev.steadfast.message.Message> messages) {
        return messages.stream()
                .filter(m -> m instanceof ModelRequest)
                .flatMap(m -> ((ModelRequest) m).parts().stream())
                .filter(p -> p instanceof ToolReturnPart)
                .map(p -> ((ToolReturnPart) p).contentAsText())
                .toList();
    }

    static final class Tools {
        private final Path logDir;

        Tools(Path logDir) {
            this.logDir = logDir;
        }

        @Tool("search")
        String search(String q) {
            effect(logDir, "search-" + q, () -> {});
            return "result-" + q;
        }
    }

    /**
     * While this file exists, {@code step} waits after logging its start (and says so on stdout, {@code HELD <step>}):
     * the test kills the process there, so the kill lands inside the step however slow the machine is, and deletes
     * the file before it resumes the run.
     */
    static Path hold(Path logDir, String step) {
        return logDir.resolve("hold " + step);
    }

    /** {@link #effect(Path, String, Runnable)} with nothing more to do. */
    static void effect(Path logDir, String step) {
        effect(logDir, step, () -> {});
    }

    /** Logs {@code start <step>}, waits while the step is held, works 300 ms, runs {@code also}, logs {@code done <step>}. */
    private static void effect(Path logDir, String step, Runnable also) {
        append(logDir.resolve(EFFECTS), "start " + step);
        try {
            if (Files.exists(hold(logDir, step))) {
                System.out.println("HELD " + step);
                System.out.flush();
            }
            while (Files.exists(hold(logDir, step))) {
                Thread.sleep(10);
            }
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        also.run();
        append(logDir.resolve(EFFECTS), "done " + step);
    }

    static synchronized void append(Path file, String line) {
        try {
            Files.writeString(
                    file,
                    line.replace('\n', ' ') + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Child JVM: runs the agent durably on {@code args[0]}, logging to {@code args[1]}; says when the run ended. */
    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        Path logDir = Path.of(args[1]);
        var agent = create(logDir);
        var engine = EmbeddedEngine.builder().database(db).register(agent).build();
        engine.start(agent, "crash-run", PROMPT);
        while (!engine.describe("crash-run").status().isTerminal()) {
            Thread.sleep(10);
        }
        // the parent stops waiting for a held step that will not come
        System.out.println("ENDED " + engine.describe("crash-run").status());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}

package dev.steadfast.temporal;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.agent.RunContext;
import dev.steadfast.agent.Tool;
import dev.steadfast.message.Message;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.message.UserPromptPart;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.ChildRun;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The worker of {@link TemporalWorkerCrashIT}, run in a child JVM that the test SIGKILLs: a {@code ctx.step}
 * workflow and a durable agent whose every step takes 300 ms and writes {@code start <step>} and
 * {@code done <step>} to a side-effect log, so the test sees which steps ran, and how often. A step the test
 * {@linkplain #hold holds} does not go on past its start until the test lets it.
 */
final class CrashWorker {
    /** Workflow-task timeout of the runs: about the time a run waits for a new worker after a SIGKILL. */
    static final Duration WORKFLOW_TASK_TIMEOUT = Duration.ofSeconds(4);
    /** Heartbeat timeout of agent activities: about the time a dead worker's model or tool step waits. */
    static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(2);

    static final String PROMPT = "research a, then b and c";
    static final String EFFECTS = "effects.log";
    static final String CONVERSATIONS = "conversations.log";

    record Summary(List<String> found) {}

    private CrashWorker() {}

    /** Five steps of 300 ms, each building on the previous result. */
    public static final class FiveSteps implements Workflow<String, String> {
        private final Path logDir;

        FiveSteps(Path logDir) {
            this.logDir = logDir;
        }

        @Override
        public String run(WorkflowContext ctx, String input) {
            String out = input;
            for (int i = 1; i <= 5; i++) {
                String step = "s" + i;
                String prev = out;
                out = ctx.step(step, String.class, () -> {
                    effect(logDir, step, () -> {});
                    return prev + "|" + step + ":" + prev.length();
                });
            }
            return out;
        }
    }

    /** model, search a, model, search b + search c (parallel), model: six steps of 300 ms. */
    static Agent<Void, Summary> agent(Path logDir) {
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

    private static List<String> found(List<Message> messages) {
        return messages.stream()
                .filter(m -> m instanceof ModelRequest)
                .flatMap(m -> ((ModelRequest) m).parts().stream())
                .filter(p -> p instanceof ToolReturnPart)
                .map(p -> ((ToolReturnPart) p).contentAsText())
                .toList();
    }

    /** Two scouts started at once, each a child workflow (model, search, model), then both waited for. */
    public static final class Team implements Workflow<String, String> {
        private final Agent<Void, String> scout;

        Team(Path logDir) {
            this.scout = scout(logDir);
        }

        @Override
        public String run(WorkflowContext ctx, String input) {
            List<ChildRun<String>> runs = List.of(ctx.start(scout, "b"), ctx.start(scout, "c"));
            return String.join(
                    " | ", ctx.all(runs).stream().map(AgentResult::output).toList());
        }
    }

    /** A scout on prompt {@code q}: {@code q/model-0} asks for a search, {@code search-s-q}, {@code q/model-1} answers. */
    static Agent<Void, String> scout(Path logDir) {
        var model = new FunctionModel("crash-model", (messages, params) -> {
            String q = messages.stream()
                    .filter(m -> m instanceof ModelRequest)
                    .flatMap(m -> ((ModelRequest) m).parts().stream())
                    .filter(p -> p instanceof UserPromptPart)
                    .map(p -> ((UserPromptPart) p).content())
                    .findFirst()
                    .orElse("");
            List<String> found = found(messages);
            effect(logDir, q + "/model-" + found.size(), () -> {});
            return found.isEmpty()
                    ? ModelResponse.of(ToolCallPart.of("search", "s-" + q, Map.of("q", q)))
                    : ModelResponse.of(TextPart.of(q + ": " + found.getFirst()));
        });
        return Agent.builder()
                .name("scout")
                .model(model)
                .tools(new Tools(logDir))
                .build();
    }

    static final class Tools {
        private final Path logDir;

        Tools(Path logDir) {
            this.logDir = logDir;
        }

        @Tool("search")
        String search(String q, RunContext<Void> ctx) {
            effect(logDir, "search-" + ctx.toolCallId(), () -> {});
            return "result-" + q;
        }
    }

    /**
     * While this file exists, {@code step} waits after logging its start: the test kills the worker there, so the
     * kill lands inside the step however slow the machine is, and deletes the file before it starts the next worker.
     */
    static Path hold(Path logDir, String step) {
        return logDir.resolve("hold " + step);
    }

    /** Logs {@code start <step>}, waits while the step is held, works 300 ms, runs {@code also}, logs {@code done <step>}. */
    private static void effect(Path logDir, String step, Runnable also) {
        Path log = logDir.resolve(EFFECTS);
        append(log, "start " + step);
        try {
            while (Files.exists(hold(logDir, step))) {
                Thread.sleep(10);
            }
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        also.run();
        append(log, "done " + step);
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

    /**
     * Child JVM: a worker for {@code args[1]} on the test server at {@code 127.0.0.1:args[0]}, logging to
     * {@code args[2]}, with a sticky-queue timeout of {@code args[3]} ms.
     */
    public static void main(String[] args) throws Exception {
        Path logDir = Path.of(args[2]);
        TemporalEngine.builder()
                .target("127.0.0.1:" + args[0])
                .taskQueue(args[1])
                .workflowTaskTimeout(WORKFLOW_TASK_TIMEOUT)
                .heartbeatTimeout(HEARTBEAT_TIMEOUT)
                .stickyQueueTimeout(Duration.ofMillis(Long.parseLong(args[3])))
                .register(new FiveSteps(logDir))
                .register(agent(logDir))
                .register(new Team(logDir))
                .register(scout(logDir))
                .worker(true)
                .build();
        System.out.println("WORKER READY");
        System.out.flush();
        Thread.currentThread().join();
    }
}

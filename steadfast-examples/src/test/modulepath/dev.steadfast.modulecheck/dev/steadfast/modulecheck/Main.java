package dev.steadfast.modulecheck;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.agent.Param;
import dev.steadfast.agent.Tool;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.temporal.TemporalEngine;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.WorkflowEngine;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs one agent plainly, on the embedded engine and on Temporal; prints what each returned. */
public final class Main {
    /** The agent's output. */
    public record Answer(@NotBlank String text, int lookups) {}

    /** The agent's one tool. */
    public static final class Tools {
        final AtomicInteger calls = new AtomicInteger();

        @Tool("Looks a word up")
        public String lookup(@Param("the word") String word) {
            calls.incrementAndGet();
            return word.toUpperCase();
        }
    }

    private Main() {}

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        String temporal = args[1];
        var tools = new Tools();
        Agent<Void, Answer> agent = Agent.builder().name("modcheck").model(model()).tools(tools)
                .output(Answer.class).build();
        System.out.println("modules " + Main.class.getModule().getName() + " " + Agent.class.getModule().getName()
                + " " + EmbeddedEngine.class.getModule().getName() + " " + TemporalEngine.class.getModule().getName());
        System.out.println("plain " + agent.run("look up 'module'").output());
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(db).register(agent).build()) {
            AgentResult<Answer> r = engine.start(agent, "mod-1", "look up 'module'").result(Duration.ofMinutes(2));
            System.out.println("embedded " + r.output() + " steps " + engine.history("mod-1").size());
        }
        try (WorkflowEngine engine = TemporalEngine.builder().target(temporal).taskQueue("modcheck")
                .register(agent).build()) {
            AgentResult<Answer> r = engine.start(agent, "mod-1", "look up 'module'").result(Duration.ofMinutes(2));
            System.out.println("temporal " + r.output() + " steps " + engine.history("mod-1").size());
        }
        System.out.println("tool calls " + tools.calls.get());
    }

    /** Calls the tool once, then answers with what it returned. */
    private static FunctionModel model() {
        return new FunctionModel((messages, params) -> {
            ModelRequest last = (ModelRequest) messages.get(messages.size() - 1);
            return last.parts().stream().filter(ToolReturnPart.class::isInstance).map(ToolReturnPart.class::cast)
                    .findFirst()
                    .map(ret -> ModelResponse.of(ToolCallPart.of("final_result",
                            Map.of("text", ret.content().asText(), "lookups", 1))))
                    .orElseGet(() -> ModelResponse.of(ToolCallPart.of("lookup", Map.of("word", "module"))));
        });
    }
}

package dev.steadfast.mcp;

import dev.steadfast.agent.Agent;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.UserPromptPart;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;

/** A Steadfast process serving a durable agent over MCP stdio, for {@link McpAgentServerTest}: {@code main(db)}. */
final class ServeChild {
    private ServeChild() {}

    static Agent<Void, String> shouter() {
        var model = new FunctionModel((messages, params) -> {
            String prompt = ((ModelRequest) messages.getFirst()).parts().stream().filter(UserPromptPart.class::isInstance)
                    .map(p -> ((UserPromptPart) p).content()).findFirst().orElse("");
            return ModelResponse.of(TextPart.of(prompt.toUpperCase(java.util.Locale.ROOT) + "!"));
        });
        return Agent.builder().name("shouter").model(model).build();
    }

    public static void main(String[] args) throws Exception {
        Agent<Void, String> agent = shouter();
        try (WorkflowEngine engine = EmbeddedEngine.builder().database(Path.of(args[0])).register(agent).build()) {
            McpAgentServer.builder(engine).agents(agent).build().serveStdio();
        }
    }
}

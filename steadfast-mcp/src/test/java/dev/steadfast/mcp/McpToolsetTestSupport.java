package dev.steadfast.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.testing.FunctionModel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Agents the MCP tests run: a model that makes given calls, then ends, recording what it was offered and received. */
final class McpToolsetTestSupport {
    private McpToolsetTestSupport() {}

    /** Runs an agent whose model makes {@code calls} in one response, then ends; returns the tool results it received. */
    static List<ToolReturnPart> callThrough(McpToolset toolset, List<ModelRequestParameters> offered, ToolCallPart... calls) {
        var received = new CopyOnWriteArrayList<ToolReturnPart>();
        var turn = new AtomicInteger();
        var model = new FunctionModel((messages, params) -> {
            offered.add(params);
            if (turn.getAndIncrement() == 0) {
                return ModelResponse.of(calls);
            }
            returns(messages).forEach(received::add);
            return ModelResponse.of(TextPart.of("done"));
        });
        Agent<Void, String> agent = Agent.builder().name("mcp").model(model).toolsets(toolset).build();
        assertThat(agent.run("go").output()).isEqualTo("done");
        return received;
    }

    static List<ToolReturnPart> returns(List<Message> messages) {
        return messages.getLast() instanceof ModelRequest r
                ? r.parts().stream().filter(ToolReturnPart.class::isInstance).map(ToolReturnPart.class::cast).toList()
                : List.of();
    }

}

package dev.steadfast.bench;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.agent.Tool;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.ResponsePart;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.usage.Usage;
import dev.steadfast.testing.FunctionModel;

/**
 * A Steadfast agent playing {@link ReactScript} against a zero-latency {@link FunctionModel}: its
 * responses are built once, carry explicit usage (so FunctionModel estimates nothing), and the
 * tool is a no-op method with {@link Tool}.
 *
 * <pre>{@code
 * var setup = SteadfastSetup.text(10);
 * String answer = setup.run().output();   // "done", after 10 tool calls
 * }</pre>
 *
 * @param <O> the output type: {@code String}, or {@link ReactScript.Answer}
 */
public final class SteadfastSetup<O> {
    private final Agent<Void, O> agent;
    private final NoopTools tools;

    private SteadfastSetup(Agent<Void, O> agent, NoopTools tools) {
        this.agent = agent;
        this.tools = tools;
    }

    /** An agent with a text output, after {@code toolCalls} tool calls. */
    public static SteadfastSetup<String> text(int toolCalls) {
        ModelResponse last = respond(TextPart.of(ReactScript.ANSWER));
        return create(toolCalls, last, String.class);
    }

    /** An agent with a record output ({@code final_result} tool), after {@code toolCalls} tool calls. */
    public static SteadfastSetup<ReactScript.Answer> record(int toolCalls) {
        ModelResponse last = respond(new ToolCallPart("final_result", "call_" + toolCalls,
                Messages.toTree(new ReactScript.Answer(ReactScript.ANSWER))));
        return create(toolCalls, last, ReactScript.Answer.class);
    }

    private static <O> SteadfastSetup<O> create(int toolCalls, ModelResponse last, Class<O> outputType) {
        var responses = new ModelResponse[toolCalls + 1];
        for (int i = 0; i < toolCalls; i++) {
            responses[i] = respond(ToolCallPart.of(ReactScript.TOOL, "call_" + i, ReactScript.ARGS_JSON));
        }
        responses[toolCalls] = last;
        var model = new FunctionModel((messages, params) -> responses[ReactScript.turn(messages.size(), toolCalls)]);
        var tools = new NoopTools();
        Agent<Void, O> agent = Agent.builder().name("bench").model(model).tools(tools).output(outputType).build();
        return new SteadfastSetup<>(agent, tools);
    }

    private static ModelResponse respond(ResponsePart part) {
        return ModelResponse.of(part).withUsage(Usage.ofTokens(10, 5));
    }

    /** One run of the script. */
    public AgentResult<O> run() {
        return agent.run(ReactScript.PROMPT);
    }

    /** The agent, to run durably as a workflow of its own ({@code engine.start(agent, id, prompt)}). */
    public Agent<Void, O> agent() {
        return agent;
    }

    /** How often the tool ran since this setup was made. */
    public long toolExecutions() {
        return tools.calls;
    }

    /** The no-op tool; counts its calls so tests can check the script ran in full. */
    public static final class NoopTools {
        private long calls;

        /** Returns {@link ReactScript#TOOL_RESULT}. */
        @Tool(ReactScript.TOOL_DESCRIPTION)
        public String lookup(String key) {
            calls++;
            return ReactScript.TOOL_RESULT;
        }
    }
}

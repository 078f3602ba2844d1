package dev.steadfast.bench;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.AiServices;

/**
 * The baseline: LangChain4j's {@code AiServices} playing {@link ReactScript} against a zero-latency
 * {@link ChatModel} that mirrors {@link SteadfastSetup}'s model: responses built once, explicit token
 * usage, one tool execution request per response, then the final text. The tool is the same no-op,
 * as a LangChain4j {@link Tool} method. No chat memory: like a plain Steadfast run, each call starts
 * from the prompt alone.
 *
 * <pre>{@code
 * var setup = LangChain4jSetup.create(10);
 * String answer = setup.run();   // "done", after 10 tool calls
 * }</pre>
 */
public final class LangChain4jSetup {
    /** The AI service: one method, a prompt in, text out. */
    public interface Assistant {
        /** Answers {@code prompt}. */
        String chat(String prompt);
    }

    private final Assistant assistant;
    private final NoopTools tools;

    private LangChain4jSetup(Assistant assistant, NoopTools tools) {
        this.assistant = assistant;
        this.tools = tools;
    }

    /** A service whose model asks for {@code toolCalls} tool calls, then answers. */
    public static LangChain4jSetup create(int toolCalls) {
        var tools = new NoopTools();
        Assistant assistant = AiServices.builder(Assistant.class)
                .chatModel(new ScriptedChatModel(toolCalls))
                .tools(tools)
                .build();
        return new LangChain4jSetup(assistant, tools);
    }

    /** One run of the script. */
    public String run() {
        return assistant.chat(ReactScript.PROMPT);
    }

    /** How often the tool ran since this setup was made. */
    public long toolExecutions() {
        return tools.calls;
    }

    /** The no-op tool; counts its calls so tests can check the script ran in full. */
    public static final class NoopTools {
        private long calls;

        /** Returns {@link ReactScript#TOOL_RESULT}. */
        @Tool(name = ReactScript.TOOL, value = ReactScript.TOOL_DESCRIPTION)
        public String lookup(String key) {
            calls++;
            return ReactScript.TOOL_RESULT;
        }
    }

    /** The zero-latency model: the response for the conversation's turn, prepared in advance. */
    static final class ScriptedChatModel implements ChatModel {
        private final int toolCalls;
        private final ChatResponse[] responses;

        ScriptedChatModel(int toolCalls) {
            this.toolCalls = toolCalls;
            this.responses = new ChatResponse[toolCalls + 1];
            for (int i = 0; i < toolCalls; i++) {
                var request = ToolExecutionRequest.builder().id("call_" + i).name(ReactScript.TOOL)
                        .arguments(ReactScript.ARGS_JSON).build();
                responses[i] = respond(AiMessage.from(request), FinishReason.TOOL_EXECUTION);
            }
            responses[toolCalls] = respond(AiMessage.from(ReactScript.ANSWER), FinishReason.STOP);
        }

        private static ChatResponse respond(AiMessage message, FinishReason finish) {
            return ChatResponse.builder().aiMessage(message).tokenUsage(new TokenUsage(10, 5)).finishReason(finish).build();
        }

        @Override
        public ChatResponse doChat(ChatRequest request) {
            return responses[ReactScript.turn(request.messages().size(), toolCalls)];
        }
    }
}

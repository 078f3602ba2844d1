package dev.steadfast.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.steadfast.usage.Usage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the JSON of every message and part: it is the on-disk (journal, history) and on-wire
 * format, so a change here breaks stored conversations. Change an expected string only together
 * with a migration.
 */
class MessagesJsonTest {
    static final ModelRequest PROMPT = ModelRequest.of(new SystemPromptPart("Be brief."),
            new UserPromptPart("What makes a write \"durable\"?"));
    static final ModelResponse TOOL_CALLS = new ModelResponse(List.of(
            new ThinkingPart("check the docs", "sig-1", "th_1"),
            TextPart.of("Let me look."),
            ToolCallPart.of("search", "call_1", Map.of("query", "fsync")),
            ToolCallPart.of("fetch", "call_2", "{url: oops")),
            new Usage(1, 120, 30, 100, 2, 5, 0), "gpt-4.1", FinishReason.TOOL_CALLS);
    static final ModelRequest RETURNS = ModelRequest.of(
            ToolReturnPart.of("search", "call_1", Map.of("hits", List.of("man 2 fsync"))),
            ToolReturnPart.of("search", "call_3", "no results"),
            new RetryPromptPart("fetch", "call_2", "arguments are not JSON"),
            new RetryPromptPart(null, null, "answer with a tool"));
    static final ModelResponse ANSWER = ModelResponse.of(TextPart.of("fsync."), ThinkingPart.of("done"));

    /** The expected JSON is written one part a line; the line breaks are not part of it. */
    private static void assertJson(List<Message> messages, String expected) {
        String json = Messages.toJson(messages);
        assertThat(json).isEqualTo(expected.replace("\n", ""));
        assertThat(Messages.fromJson(json)).isEqualTo(messages);
    }

    @Test
    void requestWithSystemAndUserPrompts() {
        assertJson(List.of(PROMPT), """
                [{"kind":"request","parts":[
                {"kind":"system-prompt","content":"Be brief."},
                {"kind":"user-prompt","content":"What makes a write \\"durable\\"?"}
                ]}]""");
    }

    @Test
    void responseWithThinkingTextToolCallsUsageModelNameAndFinishReason() {
        assertJson(List.of(TOOL_CALLS), """
                [{"kind":"response","parts":[
                {"kind":"thinking","content":"check the docs","signature":"sig-1","id":"th_1"},
                {"kind":"text","content":"Let me look."},
                {"kind":"tool-call","toolName":"search","toolCallId":"call_1","args":{"query":"fsync"}},
                {"kind":"tool-call","toolName":"fetch","toolCallId":"call_2","args":"{url: oops"}
                ],
                "usage":{"requests":1,"inputTokens":120,"outputTokens":30,"cacheReadTokens":100,
                "cacheWriteTokens":2,"reasoningTokens":5,"toolCalls":0},
                "modelName":"gpt-4.1","finishReason":"TOOL_CALLS"}]""");
    }

    @Test
    void requestWithToolReturnsAndRetryPrompts() {
        assertJson(List.of(RETURNS), """
                [{"kind":"request","parts":[
                {"kind":"tool-return","toolName":"search","toolCallId":"call_1","content":{"hits":["man 2 fsync"]}},
                {"kind":"tool-return","toolName":"search","toolCallId":"call_3","content":"no results"},
                {"kind":"retry-prompt","toolName":"fetch","toolCallId":"call_2","content":"arguments are not JSON"},
                {"kind":"retry-prompt","content":"answer with a tool"}
                ]}]""");
    }

    @Test
    void responseWithoutModelNameOrFinishReasonOmitsThem() {
        // usage is never null (it defaults to Usage.NONE), so it is written as zeros;
        // absent (null) fields of parts are omitted, as on ModelResponse
        assertJson(List.of(ANSWER), """
                [{"kind":"response","parts":[
                {"kind":"text","content":"fsync."},
                {"kind":"thinking","content":"done"}
                ],
                "usage":{"requests":0,"inputTokens":0,"outputTokens":0,"cacheReadTokens":0,
                "cacheWriteTokens":0,"reasoningTokens":0,"toolCalls":0}}]""");
    }

    @Test
    void aWholeConversationReadsBackEqualAndWritesTheSameAgain() {
        List<Message> conversation = List.of(PROMPT, TOOL_CALLS, RETURNS, ANSWER);

        String json = Messages.toJson(conversation);
        List<Message> back = Messages.fromJson(json);

        assertThat(back).isEqualTo(conversation);
        assertThat(Messages.toJson(back)).isEqualTo(json);
    }

    @Test
    void argumentsThatAreNotJsonStayAStringThroughTheRoundTrip() {
        ToolCallPart call = (ToolCallPart) ((ModelResponse) Messages.fromJson(Messages.toJson(List.of(TOOL_CALLS)))
                .get(0)).parts().get(3);

        assertThat(call.args()).isEqualTo(TextNode.valueOf("{url: oops"));
        assertThat(call.argsAsJson()).isEqualTo("{url: oops");
    }

    @Test
    void readsWhatOlderOrNewerWritersLeaveOutOrAdd() {
        List<Message> read = Messages.fromJson("""
                [{"kind":"response","parts":[{"kind":"text","content":"hi","future":1}],"servedBy":"eu-1"},
                 {"kind":"request","parts":[{"kind":"retry-prompt","content":"again"}]}]""");

        assertThat(read).containsExactly(ModelResponse.of(TextPart.of("hi")),
                ModelRequest.of(new RetryPromptPart(null, null, "again")));
        assertThat(((ModelResponse) read.get(0)).usage()).isEqualTo(Usage.NONE);
    }
}

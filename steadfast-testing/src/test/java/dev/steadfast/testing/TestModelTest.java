package dev.steadfast.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.message.FinishReason;
import dev.steadfast.message.Message;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.RetryPromptPart;
import dev.steadfast.message.SystemPromptPart;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.message.UserPromptPart;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.OutputMode;
import dev.steadfast.model.ToolDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestModelTest {
    static final ToolDefinition SEARCH = tool("search", """
            {"type":"object","properties":{"query":{"type":"string","minLength":1},"limit":{"type":"integer","minimum":1}},
             "required":["query","limit"]}""");
    static final ToolDefinition FETCH = tool("fetch", """
            {"type":"object","properties":{"url":{"type":"string","format":"uri"},"mode":{"enum":["FAST","FULL"]}},
             "required":["url"]}""");
    static final ToolDefinition FINAL = tool("final_result", """
            {"$defs":{"Point":{"type":"object","properties":{"text":{"type":"string"},"weight":{"type":["number","null"]}}}},
             "type":"object",
             "properties":{"title":{"type":"string"},"points":{"type":"array","minItems":2,"items":{"$ref":"#/$defs/Point"}}},
             "required":["title","points"]}""");
    static final String FINAL_ARGS =
            "{\"title\":\"a\",\"points\":[{\"text\":\"b\",\"weight\":0.0},{\"text\":\"c\",\"weight\":1.0}]}";

    static ToolDefinition tool(String name, String schema) {
        try {
            return new ToolDefinition(name, "", (ObjectNode) Messages.mapper().readTree(schema), false);
        } catch (Exception e) {
            throw new IllegalArgumentException(schema, e);
        }
    }

    static ModelRequestParameters params(OutputMode mode, boolean text, ToolDefinition... outputTools) {
        return new ModelRequestParameters(List.of(SEARCH, FETCH), List.of(outputTools), text, mode);
    }

    static ModelResponse ask(TestModel model, List<Message> messages, ModelRequestParameters params) {
        return model.request(messages, ModelSettings.DEFAULTS, params);
    }

    /** Plays the agent: runs the model's tool calls with canned returns until it answers with no function tool call. */
    static List<Message> run(TestModel model, ModelRequestParameters params) {
        List<Message> messages = new ArrayList<>(List.of(ModelRequest.of(new SystemPromptPart("Be brief."),
                new UserPromptPart("Summarise fsync"))));
        for (int turn = 0; turn < 5; turn++) {
            ModelResponse r = ask(model, messages, params);
            messages.add(r);
            List<ToolCallPart> calls = r.toolCalls().stream()
                    .filter(c -> params.functionTools().stream().anyMatch(t -> t.name().equals(c.toolName()))).toList();
            if (calls.isEmpty()) {
                return messages;
            }
            messages.add(new ModelRequest(calls.stream()
                    .map(c -> (dev.steadfast.message.RequestPart) ToolReturnPart.of(c.toolName(), c.toolCallId(),
                            c.toolName().equals("search") ? Map.of("hits", 2) : "page"))
                    .toList()));
        }
        throw new AssertionError("no output after 5 turns: " + messages);
    }

    @Test
    void firstCallsEveryToolWithSchemaArgumentsThenCallsTheOutputTool() {
        List<Message> conversation = run(new TestModel(), params(OutputMode.TOOL, false, FINAL));

        assertThat(conversation).hasSize(4);
        ModelResponse first = (ModelResponse) conversation.get(1);
        assertThat(first.parts()).containsExactly(
                ToolCallPart.of("search", "test_call_1", "{\"query\":\"a\",\"limit\":1}"),
                ToolCallPart.of("fetch", "test_call_2", "{\"url\":\"https://example.com/a\",\"mode\":\"FAST\"}"));
        assertThat(first.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(first.modelName()).isEqualTo("test");
        assertThat(first.usage().requests()).isEqualTo(1);
        assertThat(first.usage().inputTokens()).isEqualTo(4);   // Be brief. Summarise fsync
        // search query a limit 1 / fetch url https example com a mode FAST
        assertThat(first.usage().outputTokens()).isEqualTo(13);

        ModelResponse last = (ModelResponse) conversation.get(3);
        assertThat(last.parts()).containsExactly(ToolCallPart.of("final_result", "test_call_3", FINAL_ARGS));
        assertThat(last.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void nativeAndPromptedModesAnswerWithTheOutputAsJsonText() {
        for (OutputMode mode : List.of(OutputMode.NATIVE, OutputMode.PROMPTED)) {
            List<Message> conversation = run(new TestModel(), params(mode, false, FINAL));

            ModelResponse last = (ModelResponse) conversation.get(conversation.size() - 1);
            assertThat(last.parts()).as(mode.name()).containsExactly(TextPart.of(FINAL_ARGS));
            assertThat(last.finishReason()).isEqualTo(FinishReason.STOP);
        }
    }

    @Test
    void withOnlyTextAllowedItSummarisesTheToolReturnsByName() {
        List<Message> conversation = run(new TestModel(), params(OutputMode.TOOL, true));

        assertThat(((ModelResponse) conversation.get(3)).text()).isEqualTo("{\"search\":{\"hits\":2},\"fetch\":\"page\"}");
    }

    @Test
    void withNoToolsItAnswersAtOnce() {
        ModelResponse r = ask(new TestModel(), List.of(ModelRequest.user("hi")), ModelRequestParameters.TEXT);

        assertThat(r.parts()).containsExactly(TextPart.of("no tool calls"));
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void callToolsChoosesWhichToolsAndInWhatOrder() {
        TestModel model = TestModel.builder().callTools(List.of("fetch", "search")).build();
        ModelResponse r = ask(model, List.of(ModelRequest.user("go")), params(OutputMode.TOOL, false, FINAL));
        assertThat(r.toolCalls()).extracting(ToolCallPart::toolName).containsExactly("fetch", "search");

        TestModel onlyFetch = TestModel.builder().callTools(List.of("fetch")).build();
        assertThat(ask(onlyFetch, List.of(ModelRequest.user("go")), params(OutputMode.TOOL, false, FINAL)).toolCalls())
                .extracting(ToolCallPart::toolName).containsExactly("fetch");

        TestModel none = TestModel.builder().callTools(List.of()).build();
        assertThat(ask(none, List.of(ModelRequest.user("go")), params(OutputMode.TOOL, false, FINAL)).parts())
                .containsExactly(ToolCallPart.of("final_result", "test_call_1", FINAL_ARGS));
    }

    @Test
    void callingAToolTheRequestDoesNotOfferFailsWithTheToolsOffered() {
        TestModel model = TestModel.builder().callTools(List.of("serach")).build();

        assertThatThrownBy(() -> ask(model, List.of(ModelRequest.user("go")), params(OutputMode.TOOL, true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TestModel was told to call tool 'serach' but the request offers only [search, fetch];"
                        + " fix TestModel.builder().callTools(...) or register the tool with the agent");
    }

    @Test
    void fixedOutputArgsAndTextReplaceTheGeneratedOutput() {
        TestModel args = TestModel.builder().callTools(List.of()).outputArgs(Map.of("title", "Durability")).build();
        assertThat(ask(args, List.of(ModelRequest.user("go")), params(OutputMode.TOOL, false, FINAL)).parts())
                .containsExactly(ToolCallPart.of("final_result", "test_call_1", "{\"title\":\"Durability\"}"));
        assertThat(ask(args, List.of(ModelRequest.user("go")), params(OutputMode.TOOL, true)).text())
                .isEqualTo("{\"title\":\"Durability\"}");

        TestModel text = TestModel.builder().callTools(List.of()).outputText("plain words").build();
        assertThat(ask(text, List.of(ModelRequest.user("go")), params(OutputMode.TOOL, false, FINAL)).parts())
                .containsExactly(TextPart.of("plain words"));

        assertThatThrownBy(() -> TestModel.builder().outputText("t").outputArgs(Map.of("a", 1)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("TestModel: set outputText or outputArgs, not both (text was 't', args {\"a\":1})");
    }

    @Test
    void theSeedChangesTheGeneratedValuesAndTheNameIsConfigurable() {
        TestModel model = TestModel.builder().seed(3).name("seeded").callTools(List.of("search")).build();

        ModelResponse r = ask(model, List.of(ModelRequest.user("go")), params(OutputMode.TOOL, true));

        assertThat(r.toolCalls().get(0).argsAsJson()).isEqualTo("{\"query\":\"d\",\"limit\":3}");
        assertThat(r.modelName()).isEqualTo("seeded");
        assertThat(model.name()).isEqualTo("seeded");
        assertThatThrownBy(() -> TestModel.builder().seed(-1)).hasMessage("seed must be >= 0 but was -1");
    }

    @Test
    void retryPromptsForAToolMakeItCallThatToolAgainAndOutputRetriesRepeatTheOutput() {
        TestModel model = new TestModel();
        ModelRequestParameters p = params(OutputMode.TOOL, false, FINAL);
        List<Message> history = new ArrayList<>(List.of(ModelRequest.user("go"),
                ModelResponse.of(ToolCallPart.of("search", "test_call_1", "{}"), ToolCallPart.of("fetch", "test_call_2", "{}")),
                ModelRequest.of(ToolReturnPart.of("fetch", "test_call_2", "page"),
                        new RetryPromptPart("search", "test_call_1", "limit is required"))));

        ModelResponse again = ask(model, history, p);
        assertThat(again.parts()).containsExactly(
                ToolCallPart.of("search", "test_call_3", "{\"query\":\"a\",\"limit\":1}"));

        history.add(again);
        history.add(ModelRequest.of(ToolReturnPart.of("search", "test_call_3", "ok")));
        history.add(ask(model, history, p));
        history.add(ModelRequest.of(new RetryPromptPart("final_result", "test_call_4", "title too short")));
        assertThat(ask(model, history, p).parts())
                .containsExactly(ToolCallPart.of("final_result", "test_call_5", FINAL_ARGS));
    }

    @Test
    void aNewUserPromptInAContinuedConversationStartsWithToolCallsAgain() {
        List<Message> history = new ArrayList<>(run(new TestModel(), params(OutputMode.TOOL, true)));
        history.add(ModelRequest.user("and now?"));

        ModelResponse r = ask(new TestModel(), history, params(OutputMode.TOOL, true));

        assertThat(r.toolCalls()).extracting(ToolCallPart::toolCallId).containsExactly("test_call_3", "test_call_4");
    }

    @Test
    void answersAreDeterministic() {
        ModelRequestParameters p = params(OutputMode.TOOL, false, FINAL);

        assertThat(run(new TestModel(), p)).isEqualTo(run(new TestModel(), p));
    }
}

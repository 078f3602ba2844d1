package dev.steadfast.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.steadfast.message.FinishReason;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.SystemPromptPart;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.message.UserPromptPart;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.OutputMode;
import dev.steadfast.model.RateLimitedException;
import dev.steadfast.model.ToolDefinition;
import dev.steadfast.usage.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionModelTest {
    private static final ToolDefinition SEARCH =
            new ToolDefinition("search", "Search", JsonNodeFactory.instance.objectNode().put("type", "object"), false);
    private static final ModelRequestParameters PARAMS =
            new ModelRequestParameters(List.of(SEARCH), List.of(), true, OutputMode.TOOL);

    @Test
    void passesTheConversationAndParametersToTheFunctionAndReturnsItsAnswer() {
        List<List<Message>> seenMessages = new ArrayList<>();
        List<ModelRequestParameters> seenParams = new ArrayList<>();
        FunctionModel model = new FunctionModel((messages, params) -> {
            seenMessages.add(messages);
            seenParams.add(params);
            return ModelResponse.of(TextPart.of("tools: " + params.functionTools().get(0).name()));
        });
        List<Message> sent = List.of(ModelRequest.user("hi"));

        ModelResponse response = model.request(sent, ModelSettings.DEFAULTS, PARAMS);

        assertThat(response.text()).isEqualTo("tools: search");
        assertThat(seenMessages).containsExactly(sent);
        assertThat(seenParams).containsExactly(PARAMS);
    }

    @Test
    void isNamedFunctionUnlessNamedOtherwise() {
        FunctionModel model = new FunctionModel((m, p) -> ModelResponse.of(TextPart.of("x")));

        assertThat(model.name()).isEqualTo("function");
        assertThat(model.named("gpt-4.1").name()).isEqualTo("gpt-4.1");
        assertThat(new FunctionModel("mine", (m, p) -> ModelResponse.of()).name()).isEqualTo("mine");
        assertThat(model.name()).as("named returns a copy").isEqualTo("function");
    }

    @Test
    void estimatesUsageFromWordsWhenTheResponseHasNone() {
        FunctionModel model = new FunctionModel((m, p) -> ModelResponse.of(TextPart.of("fsync is the floor")));
        List<Message> sent = List.of(ModelRequest.of(
                new SystemPromptPart("You are terse."),            // 3 words
                new UserPromptPart("What makes a write durable?"))); // 5 words

        ModelResponse response = model.request(sent, ModelSettings.DEFAULTS, ModelRequestParameters.TEXT);

        assertThat(response.usage()).isEqualTo(new Usage(1, 8, 4, 0, 0, 0, 0));
    }

    @Test
    void countsToolCallsAndReturnsByNameAndJsonWords() {
        FunctionModel model = new FunctionModel((m, p) ->
                ModelResponse.of(ToolCallPart.of("search", "c1", Map.of("query", "fsync")))); // search query fsync
        List<Message> sent = List.of(
                ModelRequest.user("find it"),                                                    // 2
                ModelResponse.of(ToolCallPart.of("search", "c0", Map.of("query", "fsync"))),     // 3
                ModelRequest.of(ToolReturnPart.of("search", "c0", Map.of("hits", 2))));          // search hits 2

        ModelResponse response = model.request(sent, ModelSettings.DEFAULTS, PARAMS);

        assertThat(response.usage()).isEqualTo(new Usage(1, 8, 3, 0, 0, 0, 0));
    }

    @Test
    void keepsUsageTheFunctionReported() {
        Usage reported = new Usage(1, 100, 20, 10, 0, 5, 0);
        ModelResponse answer = new ModelResponse(List.of(TextPart.of("ok")), reported, "gpt-4.1", FinishReason.STOP);
        FunctionModel model = new FunctionModel((m, p) -> answer);

        assertThat(model.request(List.of(ModelRequest.user("hi")), ModelSettings.DEFAULTS, PARAMS)).isSameAs(answer);
    }

    @Test
    void withSettingsHandsTheSettingsToTheFunction() {
        FunctionModel model = FunctionModel.withSettings((messages, settings, params) ->
                ModelResponse.of(TextPart.of("t=" + settings.temperature() + " max=" + settings.maxTokens())));
        ModelSettings settings = ModelSettings.builder().temperature(0.25).maxTokens(64).build();

        ModelResponse response = model.request(List.of(ModelRequest.user("hi")), settings, PARAMS);

        assertThat(response.text()).isEqualTo("t=0.25 max=64");
        assertThat(model.name()).isEqualTo("function");
    }

    @Test
    void failuresFromTheFunctionReachTheCaller() {
        var limited = new RateLimitedException(429, "slow down", "{}", Duration.ofSeconds(2));
        FunctionModel model = new FunctionModel((m, p) -> {
            throw limited;
        });

        assertThatThrownBy(() -> model.request(List.of(ModelRequest.user("hi")), ModelSettings.DEFAULTS, PARAMS))
                .isSameAs(limited);
    }

    @Test
    void aNullAnswerIsReportedWithTheFix() {
        FunctionModel model = new FunctionModel("nully", (m, p) -> null);

        assertThatThrownBy(() -> model.request(List.of(ModelRequest.user("hi")), ModelSettings.DEFAULTS, PARAMS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("The function of FunctionModel 'nully' returned null; return a ModelResponse");
    }
}

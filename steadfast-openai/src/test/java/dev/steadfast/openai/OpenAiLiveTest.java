package dev.steadfast.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.model.Model;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.Models;
import dev.steadfast.model.OutputMode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Against the real OpenAI API; runs only where OPENAI_API_KEY is set (never in CI). */
@EnabledIfEnvironmentVariable(named = "OPENAI_API_KEY", matches = ".+")
class OpenAiLiveTest {
    private static final ModelSettings SMALL = ModelSettings.builder().maxTokens(200).build();

    @Test
    void chatCompletionsCallsAStrictTool() {
        Model model = Models.of("openai:gpt-4.1-mini");
        var params = new ModelRequestParameters(List.of(Fixtures.WEATHER), List.of(), false, OutputMode.TOOL);
        ModelResponse r = model.request(List.of(ModelRequest.user("Weather in Paris?")), SMALL, params);
        assertThat(r.toolCalls()).isNotEmpty();
        assertThat(r.toolCalls().getFirst().args().path("city").asText()).containsIgnoringCase("paris");
        assertThat(r.usage().inputTokens()).isPositive();
    }

    @Test
    void responsesAnswersInText() {
        Model model = Models.of("openai-responses:gpt-4.1-mini");
        ModelResponse r = model.request(List.of(ModelRequest.user("Say OK.")), SMALL, null);
        assertThat(r.text()).isNotBlank();
    }
}

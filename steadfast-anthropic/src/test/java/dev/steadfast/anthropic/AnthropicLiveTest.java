package dev.steadfast.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.Models;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Against the real Anthropic API; runs only where ANTHROPIC_API_KEY is set (never in CI). */
@EnabledIfEnvironmentVariable(named = "ANTHROPIC_API_KEY", matches = ".+")
class AnthropicLiveTest {
    @Test
    void answersInText() {
        ModelResponse r = Models.of("anthropic:claude-haiku-4-5").request(List.of(ModelRequest.user("Say OK.")),
                ModelSettings.builder().maxTokens(50).build(), null);
        assertThat(r.text()).isNotBlank();
        assertThat(r.usage().inputTokens()).isPositive();
    }
}

package dev.steadfast.anthropic.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.SteadfastException;
import dev.steadfast.anthropic.AnthropicModel;
import dev.steadfast.model.Model;
import java.util.Map;
import java.util.ServiceLoader;
import dev.steadfast.model.ModelProvider;
import org.junit.jupiter.api.Test;

class AnthropicModelProviderTest {
    @Test
    void registeredForServiceLoader() {
        assertThat(ServiceLoader.load(ModelProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(AnthropicModelProvider.class);
    }

    @Test
    void keyAndBaseUrlFromTheEnvironment() {
        var env = Map.of("ANTHROPIC_API_KEY", "sk-ant-env-0123456789", "ANTHROPIC_BASE_URL", "https://proxy.example/anthropic");
        Model m = new AnthropicModelProvider(env::get).create("anthropic", "claude-sonnet-4-5");
        assertThat(m).isInstanceOf(AnthropicModel.class);
        assertThat(m.name()).isEqualTo("claude-sonnet-4-5");
        assertThat(m.provider()).isEqualTo("anthropic");
        assertThat(m.toString()).contains("https://proxy.example/anthropic").doesNotContain("sk-ant-env");
    }

    @Test
    void aMissingKeyNamesTheVariable() {
        assertThatThrownBy(() -> new AnthropicModelProvider(Map.<String, String>of()::get).create("anthropic", "claude-haiku-4-5"))
                .isInstanceOf(SteadfastException.class).hasMessageContaining("ANTHROPIC_API_KEY");
    }
}

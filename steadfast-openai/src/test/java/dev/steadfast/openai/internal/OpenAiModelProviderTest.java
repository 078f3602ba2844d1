package dev.steadfast.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.SteadfastException;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.model.Model;
import dev.steadfast.model.Models;
import dev.steadfast.openai.OpenAiChatModel;
import dev.steadfast.openai.OpenAiResponsesModel;
import dev.steadfast.testing.http.WireServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiModelProviderTest {
    private static OpenAiModelProvider provider(Map<String, String> env) {
        return new OpenAiModelProvider(env::get);
    }

    @Test
    void ollamaIsFoundThroughServiceLoaderAndKeepsColonsInTheModelName() {
        Model m = Models.of("ollama:llama3.2:1b");
        assertThat(m).isInstanceOf(OpenAiChatModel.class);
        assertThat(m.name()).isEqualTo("llama3.2:1b");
        assertThat(m.provider()).isEqualTo("ollama");
        assertThat(m.toString()).contains("http://localhost:11434/v1");
    }

    @Test
    void ollamaBaseUrlFromTheEnvironment() {
        assertThat(provider(Map.of("OLLAMA_BASE_URL", "http://gpu-box:11434"))
                        .create("ollama", "qwen3")
                        .toString())
                .contains("http://gpu-box:11434/v1");
        assertThat(provider(Map.of("OLLAMA_BASE_URL", "http://gpu-box:11434/v1/"))
                        .create("ollama", "qwen3")
                        .toString())
                .contains("http://gpu-box:11434/v1]");
    }

    @Test
    void openAiMeansChatCompletionsAndOpenAiResponsesTheResponsesApi() {
        var env = Map.of("OPENAI_API_KEY", "sk-env-0123456789");
        Model chat = provider(env).create("openai", "gpt-4.1");
        Model responses = provider(env).create("openai-responses", "o4-mini");
        assertThat(chat).isInstanceOf(OpenAiChatModel.class);
        assertThat(responses).isInstanceOf(OpenAiResponsesModel.class);
        assertThat(chat.toString()).contains("https://api.openai.com/v1").doesNotContain("sk-env");
    }

    @Test
    void aMissingKeyNamesTheVariable() {
        assertThatThrownBy(() -> provider(Map.of()).create("openai", "gpt-4.1"))
                .isInstanceOf(SteadfastException.class)
                .hasMessageContaining("OPENAI_API_KEY");
        assertThatThrownBy(() -> provider(Map.of("OPENAI_BASE_URL", "https://api.openai.com/v1"))
                        .create("openai-responses", "o3"))
                .hasMessageContaining("OPENAI_API_KEY");
    }

    @Test
    void aCompatibleServerMayNeedNoKey() {
        Model m =
                provider(Map.of("OPENAI_BASE_URL", "http://localhost:8000/v1")).create("openai", "Qwen/Qwen3-8B");
        assertThat(m.toString()).contains("http://localhost:8000/v1");
    }

    @Test
    void organizationAndProjectFromTheEnvironmentGoOutAsOpenAiHeaders() {
        try (WireServer server = WireServer.start()) {
            server.enqueue(WireServer.Reply.json(
                    200,
                    "{\"choices\": [{\"index\": 0, \"finish_reason\": \"stop\", "
                            + "\"message\": {\"role\": \"assistant\", \"content\": \"hi\"}}]}"));
            var env = Map.of(
                    "OPENAI_API_KEY",
                    "sk-env-0123456789",
                    "OPENAI_BASE_URL",
                    server.url() + "/v1",
                    "OPENAI_ORG_ID",
                    "org-steadfast",
                    "OPENAI_PROJECT_ID",
                    "proj_durable");

            provider(env).create("openai", "gpt-4.1").request(List.of(ModelRequest.user("Hi")), null, null);

            var sent = server.takeRequest();
            assertThat(sent.header("OpenAI-Organization")).isEqualTo("org-steadfast");
            assertThat(sent.header("OpenAI-Project")).isEqualTo("proj_durable");
        }
    }

    @Test
    void anOllamaModelFromTheEnvironmentStreamsOllamasChunks() {
        String chunk = "data: {\"id\":\"chatcmpl-412\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,"
                + "\"model\":\"llama3.2:1b\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"role\":\"assistant\",\"content\":\"%s\"},\"finish_reason\":%s}]}\n\n";
        String usage = "data: {\"id\":\"chatcmpl-412\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,"
                + "\"model\":\"llama3.2:1b\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":26,\"completion_tokens\":3,\"total_tokens\":29}}\n\n";
        try (WireServer server = WireServer.start()) {
            server.enqueue(WireServer.Reply.raw(
                    200,
                    "text/event-stream",
                    chunk.formatted("Hel", "null") + chunk.formatted("lo", "null") + chunk.formatted("", "\"stop\"")
                            + usage + "data: [DONE]\n\n"));
            Model ollama = provider(Map.of("OLLAMA_BASE_URL", server.url())).create("ollama", "llama3.2:1b");
            StringBuilder seen = new StringBuilder();

            var r = ollama.requestStream(List.of(ModelRequest.user("Hi")), null, null, e -> {
                if (e instanceof dev.steadfast.model.ModelStreamEvent.TextDelta d) {
                    seen.append(d.text());
                }
            });

            assertThat(seen).hasToString("Hello");
            assertThat(r.text()).isEqualTo("Hello");
            assertThat(r.usage().inputTokens()).isEqualTo(26);
            var sent = server.takeRequest();
            assertThat(sent.path()).isEqualTo("/v1/chat/completions");
            assertThat(sent.json().at("/stream_options/include_usage").asBoolean())
                    .isTrue();
        }
    }
}

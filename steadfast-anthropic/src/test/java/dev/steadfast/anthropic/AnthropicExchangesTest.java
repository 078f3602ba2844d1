package dev.steadfast.anthropic;

import static dev.steadfast.anthropic.AnthropicModelTest.fixture;
import static dev.steadfast.anthropic.AnthropicModelTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.agent.RunOptions;
import dev.steadfast.agent.Tool;
import dev.steadfast.media.Media;
import dev.steadfast.message.FinishReason;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.model.ModelException;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.OutputMode;
import dev.steadfast.testing.http.WireServer;
import dev.steadfast.testing.http.WireServer.RecordedRequest;
import dev.steadfast.testing.http.WireServer.Reply;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Whole agent runs against recorded Messages API exchanges (shapes as Anthropic's SDK tests record
 * them): extended thinking with a typed output, a paused turn, structured outputs, prompt caching,
 * images and PDFs. Every request the agent sends is checked against {@link AnthropicRequestShape}.
 */
class AnthropicExchangesTest {
    record Forecast(String city, int celsius) {}

    static final class Charts {
        static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};

        @Tool("The temperature chart of a city, as an image")
        Media chart(String city) {
            return Media.image(PNG, "image/png");
        }
    }

    private final WireServer server = WireServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private AnthropicModel.Builder model() {
        return AnthropicModel.builder().baseUrl(server.url()).apiKey(AnthropicModelTest.KEY).model("claude-sonnet-4-5");
    }

    private List<JsonNode> sent(int n) {
        List<JsonNode> bodies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RecordedRequest r = server.takeRequest();
            AnthropicRequestShape.assertValid(r.json());
            bodies.add(r.json());
        }
        assertThat(server.pendingRequests()).as("requests beyond the expected " + n).isZero();
        return bodies;
    }

    @Test
    void thinkingWithARecordOutputCompletesWithoutForcingATool() {
        server.enqueue(Reply.json(200, fixture("response-thinking-text.json")));
        server.enqueue(Reply.json(200, fixture("response-thinking-final-result.json")));
        Agent<Void, Forecast> agent = Agent.builder().name("forecaster").model(model().build()).output(Forecast.class)
                .modelSettings(ModelSettings.builder().thinking(ModelSettings.Thinking.budget(2048)).build()).build();

        AgentResult<Forecast> result = agent.run("Forecast for Paris?");

        assertThat(result.output()).isEqualTo(new Forecast("Paris", 21));
        List<JsonNode> bodies = sent(2);
        for (JsonNode body : bodies) {
            assertThat(body.get("thinking")).isEqualTo(json("{\"type\": \"enabled\", \"budget_tokens\": 2048}"));
            assertThat(body.has("tool_choice")).as("a forced tool_choice is rejected while thinking").isFalse();
            assertThat(body.at("/tools/0/name").asText()).isEqualTo("final_result");
        }
        // the text answer went back with its signed thinking, followed by a prompt to use the output tool
        JsonNode second = bodies.get(1).get("messages");
        assertThat(second.get(1).at("/content/0")).isEqualTo(json(fixture("response-thinking-text.json")).at("/content/0"));
        assertThat(second.get(2).path("role").asText()).isEqualTo("user");
        assertThat(second.get(2).at("/content/0/text").asText()).contains("final_result");
        assertThat(result.usage().reasoningTokens()).isEqualTo(61 + 40);
        assertThat(result.usage().requests()).isEqualTo(2);
    }

    @Test
    void withoutThinkingARecordOutputStillForcesATool() {
        server.enqueue(Reply.json(200, fixture("response-thinking-final-result.json")));
        Agent<Void, Forecast> agent = Agent.builder().name("forecaster").model(model().build()).output(Forecast.class).build();

        assertThat(agent.run("Forecast for Paris?").output()).isEqualTo(new Forecast("Paris", 21));
        assertThat(sent(1).getFirst().get("tool_choice")).isEqualTo(json("{\"type\": \"any\"}"));
    }

    @Test
    void nativeOutputReadsTheStructuredJsonAnswer() {
        server.enqueue(Reply.json(200, fixture("response-text.json")
                .replace("Paris is sunny; Rome is cloudy.", "{\\\"city\\\": \\\"Rome\\\", \\\"celsius\\\": 17}")));
        Agent<Void, Forecast> agent = Agent.builder().name("forecaster").model(model().build()).output(Forecast.class)
                .outputMode(OutputMode.NATIVE).build();

        assertThat(agent.run("Forecast for Rome?").output()).isEqualTo(new Forecast("Rome", 17));
        JsonNode body = sent(1).getFirst();
        assertThat(body.at("/output_config/format/schema/properties/celsius/type").asText()).isEqualTo("integer");
        assertThat(body.has("tools")).isFalse();
    }

    @Test
    void aPausedTurnIsSentBackAndContinuedInOneCall() {
        server.enqueue(Reply.json(200, fixture("response-pause-turn.json")));
        server.enqueue(Reply.json(200, fixture("response-after-pause.json")));

        ModelResponse r = model().build().request(List.of(ModelRequest.user("Weather in Paris tomorrow?")), null, null);

        assertThat(r.text()).contains("Tomorrow Paris will be sunny");
        assertThat(r.parts()).first().isEqualTo(TextPart.of("Let me search for that."));
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.usage().requests()).isEqualTo(2);
        assertThat(r.usage().inputTokens()).isEqualTo(300 + 900);
        List<JsonNode> bodies = sent(2);
        JsonNode resent = bodies.get(1).get("messages");
        assertThat(resent).hasSize(2);
        assertThat(resent.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(resent.get(1).get("content")).as("the paused turn goes back unchanged, server tool blocks included")
                .isEqualTo(json(fixture("response-pause-turn.json")).get("content"));
    }

    @Test
    void anAgentDoesNotTakeAPausedTurnAsItsAnswer() {
        server.enqueue(Reply.json(200, fixture("response-pause-turn.json")));
        server.enqueue(Reply.json(200, fixture("response-after-pause.json")));
        Agent<Void, String> agent = Agent.builder().name("searcher").model(model().build()).build();

        assertThat(agent.run("Weather in Paris tomorrow?").output()).contains("Tomorrow Paris will be sunny");
        sent(2);
    }

    @Test
    void aTurnPausedTooOftenIsARetryableError() {
        for (int i = 0; i <= AnthropicModel.MAX_CONTINUATIONS; i++) {
            server.enqueue(Reply.json(200, fixture("response-pause-turn.json")));
        }
        assertThatThrownBy(() -> model().build().request(List.of(ModelRequest.user("Search")), null, null))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.isRetryable()).isTrue())
                .hasMessageContaining("pause_turn");
        List<JsonNode> bodies = sent(AnthropicModel.MAX_CONTINUATIONS + 1);
        assertThat(bodies.getLast().get("messages")).as("paused turns merge into one assistant turn").hasSize(2);
    }

    @Test
    void promptCachingMarksSystemToolsAndTheLastMessage() {
        server.enqueue(Reply.json(200, fixture("response-thinking-final-result.json")));
        Agent<Void, Forecast> agent = Agent.builder().name("forecaster").model(model().promptCaching(true).build())
                .instructions("You forecast weather.").tools(new Charts()).output(Forecast.class).build();

        agent.run("Forecast for Paris?");

        JsonNode body = sent(1).getFirst();
        JsonNode ephemeral = json("{\"type\": \"ephemeral\"}");
        assertThat(body.at("/system/0/cache_control")).isEqualTo(ephemeral);
        assertThat(body.at("/system/0/text").asText()).isEqualTo("You forecast weather.");
        JsonNode tools = body.get("tools");
        assertThat(tools.get(tools.size() - 1).get("cache_control")).isEqualTo(ephemeral);
        assertThat(tools.get(0).has("cache_control")).isFalse();
        assertThat(body.at("/messages/0/content/0/cache_control")).isEqualTo(ephemeral);
        assertThat(body.findValues("cache_control")).hasSize(3);
    }

    @Test
    void imagesAndPdfsReachThePromptAndAToolsImageReachesItsResult() {
        server.enqueue(Reply.json(200, fixture("response-tools.json").replace("get_weather", "chart")));
        server.enqueue(Reply.json(200, fixture("response-text.json")));
        byte[] pdf = "%PDF-1.7 forecast".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Agent<Void, String> agent = Agent.builder().name("viewer").model(model().build()).tools(new Charts()).build();

        agent.run(RunOptions.<Void>builder().messageHistory(List.of(ModelRequest.user("Compare these",
                Media.imageUrl("https://img.example/paris.png"), Media.pdf(pdf)))).build());

        List<JsonNode> bodies = sent(2);
        JsonNode prompt = bodies.get(0).at("/messages/0/content");
        assertThat(prompt.get(1)).isEqualTo(json("""
                {"type": "image", "source": {"type": "url", "url": "https://img.example/paris.png"}}"""));
        assertThat(prompt.get(2)).isEqualTo(json("{\"type\": \"document\", \"source\": {\"type\": \"base64\", "
                + "\"media_type\": \"application/pdf\", \"data\": \"" + Base64.getEncoder().encodeToString(pdf) + "\"}}"));
        JsonNode result = bodies.get(1).at("/messages/2/content/0");
        assertThat(result.path("type").asText()).isEqualTo("tool_result");
        assertThat(result.get("content")).hasSize(1);
        assertThat(result.at("/content/0")).isEqualTo(json("{\"type\": \"image\", \"source\": {\"type\": \"base64\", "
                + "\"media_type\": \"image/png\", \"data\": \"" + Base64.getEncoder().encodeToString(Charts.PNG) + "\"}}"));
    }

    @Test
    void thinkingSettingsAnthropicWouldRejectFailBeforeAnyRequestWithTheFix() {
        var overBudget = ModelSettings.builder().thinking(ModelSettings.Thinking.budget(8192)).build();
        var withTemperature = ModelSettings.builder().thinking(ModelSettings.Thinking.budget(2048)).temperature(0.2).build();
        List<Message> prompt = List.of(ModelRequest.user("Hi"));

        assertThatThrownBy(() -> model().build().request(prompt, overBudget, null))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("max_tokens (4096) above the thinking budget (8192)").hasMessageContaining("maxTokens");
        assertThatThrownBy(() -> model().build().request(prompt, withTemperature, null))
                .hasMessageContaining("temperature");
        assertThat(server.pendingRequests()).isZero();
    }
}

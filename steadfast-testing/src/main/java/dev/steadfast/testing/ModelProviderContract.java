package dev.steadfast.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.media.Media;
import dev.steadfast.message.FinishReason;
import dev.steadfast.message.Message;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.SystemPromptPart;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.message.UserPromptPart;
import dev.steadfast.model.Model;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.OutputMode;
import dev.steadfast.model.ToolDefinition;
import dev.steadfast.testing.http.WireServer;
import dev.steadfast.testing.http.WireServer.RecordedRequest;
import dev.steadfast.testing.http.WireServer.Reply;
import dev.steadfast.usage.Usage;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The promise every provider client keeps, as tests against a real local HTTP server
 * ({@link WireServer}) speaking the provider's wire format: failures classified for durable
 * retries (status to exception, {@code isRetryable}, the wait from each {@code Retry-After} form),
 * timeouts, dropped connections and malformed bodies, the API key kept out of every message, and
 * answers and usage read the same way. A provider module's test extends this class and says how
 * to build its model and what its provider's answers and errors look like on the wire; tests of
 * what only one provider does stay in that module's own test classes. Every failure is also
 * checked to be one request, to name the provider and to hide the key. The failure tests and the
 * hooks below live in {@link ProviderFaultsContract}; this class adds the request, the answer and
 * usage.
 *
 * <pre>{@code
 * class AcmeModelContractTest extends ModelProviderContract {
 *     protected Model model(Endpoint to) {
 *         return AcmeModel.builder().baseUrl(to.baseUrl()).apiKey(to.apiKey()).model(to.model())
 *                 .timeout(to.timeout()).clock(to.clock()).build();
 *     }
 *
 *     protected String providerName() { return "Acme"; }
 *
 *     protected String requestPath() { return "/v1/chat"; }
 *
 *     protected Map<String, String> authHeaders(String apiKey) { return Map.of("Authorization", "Bearer " + apiKey); }
 *
 *     protected Set<TokenCount> reportedTokenCounts() { return EnumSet.of(TokenCount.CACHE_READ); }
 *
 *     protected String answerBody(Answer answer) {
 *         return switch (answer) {
 *             case Answer.Text t -> ...;          // the provider's JSON for a text answer with t.usage()
 *             case Answer.ToolCall c -> ...;
 *             case Answer.CutAtTokenLimit cut -> ...;
 *             case Answer.Empty empty -> ...;
 *             case Answer.Refusal no -> ...;     // the provider's refusal carrying no.text()
 *         };
 *     }
 *
 *     protected String errorBody(int status, String message) { return "{\"error\": {\"message\": \"" + message + "\"}}"; }
 *
 *     protected String contextWindowExceededBody() { return errorBody(400, "prompt is too long"); }
 *
 *     protected void assertValidRequest(JsonNode body) { AcmeSpec.assertValid("ChatRequest", body); }
 * }
 * }</pre>
 */
public abstract class ModelProviderContract extends ProviderFaultsContract {
    // The request.

    @Test
    void everyRequestIsAnAuthenticatedJsonPostToTheProvidersPath() {
        answer(sunny(null));

        RecordedRequest sent = server.takeRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo(requestPath());
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        authHeaders(API_KEY).forEach((name, value) -> assertThat(sent.header(name)).as(name).isEqualTo(value));
    }

    @Test
    void aModelWithoutAKeySendsNoKeyHeader() {
        server.enqueue(Reply.json(200, answerBody(sunny(null))));
        model(endpoint(server.url(), null, TIMEOUT)).request(PROMPT, null, null);

        RecordedRequest sent = server.takeRequest();
        authHeaders(API_KEY).keySet().forEach(name -> assertThat(sent.header(name)).as(name).isNull());
    }

    @Test
    void theRequestNamesTheConfiguredModel() {
        answer(sunny(null));
        assertThat(server.takeRequest().json().path("model").asText()).isEqualTo(MODEL);
        assertThat(model(endpoint()).name()).isEqualTo(MODEL);
    }

    @Test
    void aConversationWithFilesToolCallsAndToolResultsIsARequestTheProviderAccepts() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};
        String pngBase64 = Base64.getEncoder().encodeToString(png);
        var chart = new ToolDefinition("get_chart", "The temperature chart of a city", (ObjectNode)
                Messages.toTree(Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")),
                        "required", List.of("city"), "additionalProperties", false)), false);
        List<Message> conversation = List.of(
                ModelRequest.of(new SystemPromptPart("You compare weather charts."), new UserPromptPart("Compare these",
                        List.of(Media.imageUrl("https://img.example/paris.png"), Media.image(png, "image/png")))),
                ModelResponse.of(TextPart.of("Let me fetch Rome's."), ToolCallPart.of("get_chart", "call_c1", Map.of("city", "Rome"))),
                ModelRequest.of(ToolReturnPart.of("get_chart", "call_c1", List.of("Rome, July", Media.image(png, "image/png")))));
        server.enqueue(Reply.json(200, answerBody(sunny(null))));

        model(endpoint()).request(conversation, null, new ModelRequestParameters(List.of(chart), List.of(), true, OutputMode.TOOL));

        var body = server.takeRequest().json();
        assertValidRequest(body);
        assertThat(body.toString()).contains("https://img.example/paris.png", pngBase64, "Rome, July", "call_c1");
    }

    // The answer.

    @Test
    void aTextAnswerIsTextThatStops() {
        ModelResponse r = answer(new Answer.Text(SERVED_MODEL, "Paris is sunny.", null));
        assertThat(r.parts()).containsExactly(TextPart.of("Paris is sunny."));
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void aToolCallKeepsItsNameIdAndArguments() {
        ToolCallPart call = ToolCallPart.of("get_weather", "call_contract_1", Map.of("city", "Paris", "days", 2));
        ModelResponse r = answer(new Answer.ToolCall(SERVED_MODEL, call, null));
        assertThat(r.toolCalls()).containsExactly(call);
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void theAnswerNamesTheModelThatServedIt() {
        assertThat(answer(sunny(null)).modelName()).isEqualTo(SERVED_MODEL);
    }

    // Usage, in Usage's terms: input tokens include cached ones, output tokens include reasoning.

    @Test
    void usageCountsTheRequestAndItsInputAndOutputTokens() {
        Usage u = answer(sunny(Usage.ofTokens(19, 10))).usage();
        assertThat(u).isEqualTo(Usage.ofTokens(19, 10));
    }

    @Test
    void usageCountsCacheReadTokensWhereTheProviderReportsThem() {
        assumeTrue(reportedTokenCounts().contains(TokenCount.CACHE_READ), "the provider reports no cache reads");
        assertThat(answer(sunny(FULL_USAGE)).usage().cacheReadTokens()).isEqualTo(1024);
    }

    @Test
    void usageCountsCacheWriteTokensWhereTheProviderReportsThem() {
        assumeTrue(reportedTokenCounts().contains(TokenCount.CACHE_WRITE), "the provider reports no cache writes");
        assertThat(answer(sunny(FULL_USAGE)).usage().cacheWriteTokens()).isEqualTo(256);
    }

    @Test
    void usageCountsReasoningTokensWhereTheProviderReportsThem() {
        assumeTrue(reportedTokenCounts().contains(TokenCount.REASONING), "the provider reports no reasoning tokens");
        assertThat(answer(sunny(FULL_USAGE)).usage().reasoningTokens()).isEqualTo(64);
    }

    @Test
    void inputTokensIncludeCachedOnesAndOutputTokensIncludeReasoning() {
        Usage u = answer(new Answer.ToolCall(SERVED_MODEL, ToolCallPart.of("get_weather", "call_1", Map.of()), FULL_USAGE)).usage();
        assertThat(u.inputTokens()).isEqualTo(2000);
        assertThat(u.outputTokens()).isEqualTo(150);
        assertThat(u.requests()).isEqualTo(1);
    }

    @Test
    void anAnswerWithoutUsageCountsTheRequestAndNoTokens() {
        assertThat(answer(sunny(null)).usage()).isEqualTo(new Usage(1, 0, 0, 0, 0, 0, 0));
    }
}

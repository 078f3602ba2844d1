package dev.steadfast.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.agent.Agent;
import dev.steadfast.agent.RunOptions;
import dev.steadfast.agent.Tool;
import dev.steadfast.media.Media;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.model.Model;
import dev.steadfast.model.ModelException;
import dev.steadfast.model.ModelRefusalException;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.ModelSettings.Reasoning;
import dev.steadfast.testing.http.WireServer;
import dev.steadfast.testing.http.WireServer.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Agent runs against recorded OpenAI exchanges carrying images and PDFs (in the prompt and in tool
 * results) and typed reasoning options, on both APIs; every request sent is validated against
 * OpenAI's own schema.
 */
class OpenAiExchangesTest {
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
    static final byte[] PDF = "%PDF-1.7 forecast".getBytes(StandardCharsets.US_ASCII);
    static final String PNG_DATA_URL = "data:image/png;base64," + Base64.getEncoder().encodeToString(PNG);
    static final String PDF_DATA_URL = "data:application/pdf;base64," + Base64.getEncoder().encodeToString(PDF);

    static final class Charts {
        @Tool("The temperature chart of a city, as an image")
        Media chart(String city, String unit) {
            return Media.image(PNG, "image/png");
        }
    }

    private final WireServer server = WireServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private OpenAiChatModel chat() {
        return OpenAiChatModel.builder().baseUrl(server.url() + "/v1").apiKey("sk-test-0123456789abcdef").model("gpt-4.1").build();
    }

    private OpenAiResponsesModel responses() {
        return OpenAiResponsesModel.builder().baseUrl(server.url() + "/v1").apiKey("sk-test-0123456789abcdef").model("gpt-4.1").build();
    }

    private List<JsonNode> sent(int n, String schema) {
        List<JsonNode> bodies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JsonNode body = server.takeRequest().json();
            OpenAiSpec.assertValid(schema, body);
            bodies.add(body);
        }
        assertThat(server.pendingRequests()).isZero();
        return bodies;
    }

    /** The recorded parallel get_weather calls, as calls of {@link Charts#chart} with every argument given. */
    private static String withUnits(String recorded) {
        return recorded.replace("get_weather", "chart").replace("\\\"unit\\\":null", "\\\"unit\\\":\\\"c\\\"");
    }

    private static void runWithFiles(Model model) {
        Agent<Void, String> agent = Agent.builder().name("viewer").model(model).tools(new Charts()).build();
        agent.run(RunOptions.<Void>builder().messageHistory(List.of(ModelRequest.user("Compare these",
                Media.imageUrl("https://img.example/paris.png"), Media.image(PNG, "image/png"), Media.pdf(PDF)))).build());
    }

    @Test
    void chatSendsPromptFilesAsContentPartsAndToolImagesInAUserMessageAfterTheToolMessages() {
        server.enqueue(Reply.json(200, withUnits(Fixtures.text("chat-response-tools.json"))));
        server.enqueue(Reply.json(200, Fixtures.text("chat-response-text.json")));

        runWithFiles(chat());

        List<JsonNode> bodies = sent(2, "CreateChatCompletionRequest");
        assertThat(bodies.get(0).at("/messages/0/content")).isEqualTo(Fixtures.json("chat-request-files.json"));
        JsonNode messages = bodies.get(1).get("messages");
        assertThat(messages.get(2).path("role").asText()).isEqualTo("tool");
        assertThat(messages.get(2).path("content").asText()).contains("1 file follows");
        assertThat(messages.get(3).path("role").asText()).isEqualTo("tool");
        JsonNode files = messages.get(4);
        assertThat(files.path("role").asText()).isEqualTo("user");
        assertThat(files.at("/content/1/image_url/url").asText()).isEqualTo(PNG_DATA_URL);
        assertThat(files.get("content")).hasSize(3); // the note, then one image per call
    }

    @Test
    void chatCannotFetchAPdfByUrlAndSaysWhatToDo() {
        List<Message> prompt = List.of(ModelRequest.user("Read", Media.documentUrl("https://docs.example/a.pdf")));
        assertThatThrownBy(() -> chat().request(prompt, null, null))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("Media.pdf(bytes)").hasMessageContaining("OpenAiResponsesModel");
        assertThat(server.pendingRequests()).isZero();
    }

    @Test
    void responsesSendsFilesAsInputPartsAndToolImagesInTheFunctionOutput() {
        server.enqueue(Reply.json(200, withUnits(Fixtures.text("responses-response-tools.json"))));
        server.enqueue(Reply.json(200, Fixtures.text("responses-response-text.json")));

        runWithFiles(responses());

        List<JsonNode> bodies = sent(2, "CreateResponse");
        JsonNode prompt = bodies.get(0).at("/input/0/content");
        assertThat(prompt.get(0).path("type").asText()).isEqualTo("input_text");
        assertThat(prompt.get(1).path("image_url").asText()).isEqualTo("https://img.example/paris.png");
        assertThat(prompt.get(2).path("image_url").asText()).isEqualTo(PNG_DATA_URL);
        assertThat(prompt.get(3).path("type").asText()).isEqualTo("input_file");
        assertThat(prompt.get(3).path("file_data").asText()).isEqualTo(PDF_DATA_URL);
        List<JsonNode> outputs = bodies.get(1).findParents("call_id").stream()
                .filter(item -> item.path("type").asText().equals("function_call_output")).toList();
        assertThat(outputs).hasSize(2).allSatisfy(out -> {
            assertThat(out.at("/output/0/type").asText()).isEqualTo("input_image");
            assertThat(out.at("/output/0/image_url").asText()).isEqualTo(PNG_DATA_URL);
        });
    }

    @Test
    void responsesTakesADocumentByUrl() {
        server.enqueue(Reply.json(200, Fixtures.text("responses-response-text.json")));

        responses().request(List.of(ModelRequest.user("Read", Media.documentUrl("https://docs.example/a.pdf"))), null, null);

        JsonNode body = sent(1, "CreateResponse").getFirst();
        assertThat(body.at("/input/0/content/1/file_url").asText()).isEqualTo("https://docs.example/a.pdf");
    }

    @Test
    void typedReasoningGoesWhereEachApiTakesIt() {
        server.enqueue(Reply.json(200, Fixtures.text("chat-response-text.json")));
        server.enqueue(Reply.json(200, Fixtures.text("responses-response-text.json")));
        var settings = ModelSettings.builder()
                .reasoning(Reasoning.effort(Reasoning.Effort.LOW).withSummary(Reasoning.Summary.AUTO)).build();

        chat().request(List.of(ModelRequest.user("Think")), settings, null);
        JsonNode chatBody = sent(1, "CreateChatCompletionRequest").getFirst();
        responses().request(List.of(ModelRequest.user("Think")), settings, null);
        JsonNode responsesBody = sent(1, "CreateResponse").getFirst();

        assertThat(chatBody.path("reasoning_effort").asText()).isEqualTo("low");
        assertThat(responsesBody.get("reasoning")).isEqualTo(Fixtures.schema("{\"effort\": \"low\", \"summary\": \"auto\"}"));
    }

    record Verdict(String answer) {}

    @Test
    void aRefusalEndsATypedRunAfterOneRequestInsteadOfThreeRetryPrompts() {
        String refused = Fixtures.text("chat-response-text.json")
                .replace("\"content\": \"Paris is sunny; Rome is cloudy.\"", "\"content\": null")
                .replace("\"refusal\": null", "\"refusal\": \"I can't help with that.\"");
        OpenAiSpec.assertValid("CreateChatCompletionResponse", Fixtures.schema(refused));
        server.enqueue(Reply.json(200, refused));
        Agent<Void, Verdict> agent = Agent.builder().name("judge").model(chat()).output(Verdict.class).build();

        assertThatThrownBy(() -> agent.run("Judge this"))
                .isInstanceOfSatisfying(ModelRefusalException.class, e -> assertThat(e.refusal()).isEqualTo("I can't help with that."));
        sent(1, "CreateChatCompletionRequest");
    }
}

package dev.steadfast.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.agent.Agent;
import dev.steadfast.agent.Tool;
import dev.steadfast.model.Model;
import dev.steadfast.model.OutputMode;
import dev.steadfast.model.internal.StrictRules;
import dev.steadfast.testing.http.WireServer;
import dev.steadfast.testing.http.WireServer.Reply;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an agent built the way the README shows sends to OpenAI: every request valid against OpenAI's
 * spec, every tool and output schema strict and within OpenAI's documented strict rules, except the
 * one tool strict mode cannot express (an open map), which is sent with {@code strict: false} and its
 * schema as generated. Constraints moved out of the strict schema are still enforced on our side.
 */
class StrictRequestsTest {
    enum Tier { GOLD, SILVER }

    record Address(String city, Optional<String> zip) {}

    sealed interface Contact permits Email, Phone {}

    record Email(String address) implements Contact {}

    record Phone(String number) implements Contact {}

    record Customer(String name, Contact contact, List<Address> addresses, LocalDate since, Optional<Customer> referrer) {}

    record Report(@NotBlank String title, @Size(min = 1) List<String> points, Optional<Tier> tier) {}

    static class Crm {
        @Tool("Find customers")
        List<String> find(@NotBlank String query, Optional<Tier> tier, OptionalInt limit, LocalDateTime after) {
            return List.of();
        }

        @Tool("Save a customer")
        String save(Customer customer) {
            return "saved";
        }

        @Tool("Tag customers")
        String tag(Map<String, List<String>> tags) {
            return "tagged";
        }
    }

    private final WireServer server = WireServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private static final String BLANK_REPORT = "{\"title\":\"\",\"points\":[\"a\"],\"tier\":null}";
    private static final String REPORT = "{\"title\":\"Q3\",\"points\":[\"grew\"],\"tier\":\"GOLD\"}";

    @Test
    void chatCompletionsToolsAndOutputToolAreStrict() {
        server.enqueue(Reply.json(200, chatToolCall(BLANK_REPORT).toString()));
        server.enqueue(Reply.json(200, chatToolCall(REPORT).toString()));
        Model model = OpenAiChatModel.builder().baseUrl(server.url() + "/v1").apiKey("sk-test").model("gpt-4.1").build();

        Report out = agent(model, OutputMode.TOOL).run("Summarize the quarter").output();

        assertThat(out.title()).isEqualTo("Q3");
        JsonNode first = server.takeRequest().json();
        OpenAiSpec.assertValid("CreateChatCompletionRequest", first);
        var functions = new ArrayList<JsonNode>();
        first.get("tools").forEach(t -> functions.add(t.get("function")));
        assertStrictExceptTheOpenMap(functions, "parameters");
        JsonNode output = functions.stream().filter(f -> f.get("name").asText().equals("final_result")).findFirst().orElseThrow();
        assertThat(output.at("/parameters/properties/title/description").asText()).contains("minLength: 1");

        JsonNode retry = server.takeRequest().json();
        OpenAiSpec.assertValid("CreateChatCompletionRequest", retry);
        assertThat(retry.toString()).as("@NotBlank, no longer in the strict schema, is still checked here")
                .contains("title: must not be blank");
    }

    @Test
    void chatCompletionsNativeOutputIsAStrictResponseFormat() {
        ObjectNode reply = (ObjectNode) Fixtures.json("chat-response-text.json");
        ((ObjectNode) reply.at("/choices/0/message")).put("content", REPORT);
        server.enqueue(Reply.json(200, reply.toString()));
        Model model = OpenAiChatModel.builder().baseUrl(server.url() + "/v1").apiKey("sk-test").model("gpt-4.1").build();

        assertThat(agent(model, OutputMode.NATIVE).run("Summarize").output().tier()).contains(Tier.GOLD);

        JsonNode sent = server.takeRequest().json();
        OpenAiSpec.assertValid("CreateChatCompletionRequest", sent);
        assertStrictFormat(sent.at("/response_format/json_schema"));
    }

    @Test
    void responsesToolsAndNativeOutputAreStrict() {
        ObjectNode reply = (ObjectNode) Fixtures.json("responses-response-text.json");
        ((ObjectNode) reply.at("/output/0/content/0")).put("text", REPORT);
        server.enqueue(Reply.json(200, reply.toString()));
        Model model = OpenAiResponsesModel.builder().baseUrl(server.url() + "/v1").apiKey("sk-test").model("gpt-4.1").build();

        assertThat(agent(model, OutputMode.NATIVE).run("Summarize").output().title()).isEqualTo("Q3");

        JsonNode sent = server.takeRequest().json();
        OpenAiSpec.assertValid("CreateResponse", sent);
        var tools = new ArrayList<JsonNode>();
        sent.get("tools").forEach(tools::add);
        assertStrictExceptTheOpenMap(tools, "parameters");
        assertStrictFormat(sent.at("/text/format"));
    }

    private static Agent<Void, Report> agent(Model model, OutputMode mode) {
        return Agent.builder().name("crm").model(model).tools(new Crm()).output(Report.class).outputMode(mode).build();
    }

    private static void assertStrictFormat(JsonNode format) {
        assertThat(format.get("strict").asBoolean()).isTrue();
        assertThat(StrictRules.breaches(format.get("schema"))).isEmpty();
    }

    private static void assertStrictExceptTheOpenMap(List<JsonNode> tools, String schemaField) {
        assertThat(tools).extracting(t -> t.get("name").asText()).contains("find", "save", "tag");
        for (JsonNode t : tools) {
            JsonNode schema = t.get(schemaField);
            if (t.get("name").asText().equals("tag")) {
                assertThat(t.get("strict").asBoolean()).as("an open map cannot be strict").isFalse();
                assertThat(schema.at("/properties/tags/additionalProperties/type").asText()).isEqualTo("array");
            } else {
                assertThat(t.get("strict").asBoolean()).as("%s is strict", t.get("name")).isTrue();
                assertThat(StrictRules.breaches(schema)).as(t.get("name").asText()).isEmpty();
            }
        }
    }

    private static JsonNode chatToolCall(String args) {
        ObjectNode reply = (ObjectNode) Fixtures.json("chat-response-tools.json");
        ArrayNode calls = (ArrayNode) reply.at("/choices/0/message/tool_calls");
        calls.removeAll();
        calls.addObject().put("id", "call_r").put("type", "function").putObject("function")
                .put("name", "final_result").put("arguments", args);
        return reply;
    }
}

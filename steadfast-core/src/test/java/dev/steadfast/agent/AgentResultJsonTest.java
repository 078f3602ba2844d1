package dev.steadfast.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.message.Message;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.usage.Usage;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentResultJsonTest {
    private static final TypeReference<AgentResult<String>> TYPE = new TypeReference<>() {};
    private final List<Message> history = List.of(ModelRequest.user("Hi"), ModelResponse.of(TextPart.of("Hello")));
    private final List<Message> added = List.of(ModelRequest.user("And?"), ModelResponse.of(TextPart.of("Bye")));
    private final AgentResult<String> result =
            new AgentResult<>("Bye", Usage.NONE, BigDecimal.ONE, concat(history, added), added, "run-1");

    @Test
    void asJsonTheConversationAppearsOnceAndReadsBackWhole() throws Exception {
        JsonNode json = Messages.mapper().valueToTree(result);

        assertThat(json.has("newMessages")).isFalse();
        assertThat(json.get("newMessagesCount").asInt()).isEqualTo(2);
        assertThat(json.get("messages")).hasSize(4);
        AgentResult<String> back = Messages.mapper().readValue(json.toString(), TYPE);
        assertThat(back).isEqualTo(result);
        assertThat(back.newMessages()).isEqualTo(added);
    }

    @Test
    void aResultRecordedWithTheOldNewMessagesArrayStillReads() throws Exception {
        ObjectNode old = Messages.mapper().valueToTree(result);
        old.remove("newMessagesCount");
        var listed = old.putArray("newMessages"); // the last two messages, as an older Steadfast wrote them
        listed.add(old.get("messages").get(2)).add(old.get("messages").get(3));

        assertThat(Messages.mapper().readValue(old.toString(), TYPE)).isEqualTo(result);
    }

    @Test
    void newMessagesMustBeTheLastOfTheConversation() {
        assertThatThrownBy(() -> new AgentResult<>("x", Usage.NONE, BigDecimal.ZERO, history, added, "run-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("newMessages must be the last messages of messages");
    }

    private static List<Message> concat(List<Message> a, List<Message> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}

package dev.steadfast.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.stream.AgentEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventViewsTest {
    private static List<String> partials(List<AgentEvent> events, boolean plainText) {
        var out = new ArrayList<String>();
        for (JsonNode n : EventViews.partialOutput(events, true, plainText, name -> name.equals("final_result"))) {
            out.add(plainText ? n.asText() : n.toString());
        }
        return out;
    }

    @Test
    void aTextOutputIsEveryTextPartOfTheResponseJoined() {
        var events = List.<AgentEvent>of(
                new AgentEvent.PartStarted(0, TextPart.of("")),
                new AgentEvent.TextDelta(0, "Durable "),
                new AgentEvent.PartStarted(1, ToolCallPart.of("search", "c1", "{}")),
                new AgentEvent.ToolCallDelta(1, "{\"q\":\"x\"}"),
                new AgentEvent.PartStarted(2, TextPart.of("")),
                new AgentEvent.TextDelta(2, "runs survive"));

        assertThat(partials(events, true)).containsExactly("Durable ", "Durable runs survive");
    }

    @Test
    void aJsonTextOutputSplitOverTwoTextPartsIsReadWhole() {
        var events = List.<AgentEvent>of(
                new AgentEvent.PartStarted(0, TextPart.of("")),
                new AgentEvent.TextDelta(0, "{\"title\":\"Du"),
                new AgentEvent.PartStarted(1, TextPart.of("")),
                new AgentEvent.TextDelta(1, "rable\"}"));

        assertThat(partials(events, false)).containsExactly("{\"title\":\"Du\"}", "{\"title\":\"Durable\"}");
    }

    @Test
    void aDiscardedAttemptStartsTheTextOver() {
        var events = List.<AgentEvent>of(
                new AgentEvent.PartStarted(0, TextPart.of("")),
                new AgentEvent.TextDelta(0, "first"),
                new AgentEvent.AttemptDiscarded(1),
                new AgentEvent.PartStarted(0, TextPart.of("")),
                new AgentEvent.TextDelta(0, "second"));

        assertThat(partials(events, true)).containsExactly("first", "second");
    }
}

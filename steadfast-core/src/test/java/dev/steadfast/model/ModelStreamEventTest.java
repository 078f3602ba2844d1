package dev.steadfast.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.message.Message;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ThinkingPart;
import dev.steadfast.message.ToolCallPart;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelStreamEventTest {
    @Test
    void aModelThatCannotStreamReportsItsWholeResponseAsOneDeltaPerPart() {
        ModelResponse whole = ModelResponse.of(
                new ThinkingPart("hmm", "sig", null),
                TextPart.of("Hello"),
                ToolCallPart.of("send", "c1", "{\"to\":\"a\"}"));
        Model model = new Model() {
            @Override
            public String name() {
                return "whole";
            }

            @Override
            public ModelResponse request(
                    List<Message> messages, ModelSettings settings, ModelRequestParameters parameters) {
                return whole;
            }
        };
        List<ModelStreamEvent> events = new ArrayList<>();

        ModelResponse returned =
                model.requestStream(List.of(), ModelSettings.DEFAULTS, ModelRequestParameters.TEXT, events::add);

        assertThat(returned).isSameAs(whole);
        assertThat(events)
                .containsExactly(
                        new ModelStreamEvent.PartStart(0, new ThinkingPart("", "sig", null)),
                        new ModelStreamEvent.ThinkingDelta(0, "hmm"),
                        new ModelStreamEvent.PartStart(1, TextPart.of("")),
                        new ModelStreamEvent.TextDelta(1, "Hello"),
                        new ModelStreamEvent.PartStart(2, ToolCallPart.of("send", "c1", "{}")),
                        new ModelStreamEvent.ToolCallDelta(2, "{\"to\":\"a\"}"));
    }
}

package dev.steadfast.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ThinkingPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.model.ModelException;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.ModelStreamEvent;
import dev.steadfast.model.ModelStreamEvent.PartStart;
import dev.steadfast.model.ModelStreamEvent.TextDelta;
import dev.steadfast.model.ModelStreamEvent.ThinkingDelta;
import dev.steadfast.model.ModelStreamEvent.ToolCallDelta;
import dev.steadfast.model.ToolDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StreamingModelsTest {
    private static final String ANSWER = "Durable execution means a crash costs nothing already done.";

    @Test
    void aFunctionModelStreamsTextInSeveralDeltasThatAddUpToTheResponse() {
        var model = new FunctionModel((m, p) -> ModelResponse.of(
                new ThinkingPart("let me think", null, null),
                TextPart.of(ANSWER),
                ToolCallPart.of("search", "c1", "{\"query\":\"fsync and the page cache\"}")));
        List<ModelStreamEvent> events = new ArrayList<>();

        ModelResponse response =
                model.requestStream(List.of(), ModelSettings.DEFAULTS, ModelRequestParameters.TEXT, events::add);

        assertThat(response.parts()).hasSize(3);
        assertThat(events.getFirst()).isEqualTo(new PartStart(0, new ThinkingPart("", null, null)));
        assertThat(events)
                .filteredOn(PartStart.class::isInstance)
                .extracting(ModelStreamEvent::index)
                .containsExactly(0, 1, 2);
        List<String> text = events.stream()
                .filter(TextDelta.class::isInstance)
                .map(e -> ((TextDelta) e).text())
                .toList();
        assertThat(text)
                .hasSizeGreaterThan(5)
                .allSatisfy(t -> assertThat(t.length()).isBetween(1, 12));
        assertThat(String.join("", text)).isEqualTo(ANSWER);
        assertThat(events.stream().filter(ThinkingDelta.class::isInstance).map(e -> ((ThinkingDelta) e).text()))
                .containsExactly("let ", "me ", "think");
        List<String> args = events.stream()
                .filter(ToolCallDelta.class::isInstance)
                .map(e -> ((ToolCallDelta) e).argumentsJson())
                .toList();
        assertThat(args).hasSizeGreaterThan(3);
        assertThat(String.join("", args)).isEqualTo("{\"query\":\"fsync and the page cache\"}");
        assertThat(events)
                .filteredOn(e -> e.index() == 2)
                .first()
                .isInstanceOf(PartStart.class)
                .extracting(e -> ((ToolCallPart) ((PartStart) e).part()).toolCallId())
                .isEqualTo("c1");
    }

    @Test
    void aTestModelStreamsTheResponseItWouldReturnPlainly() {
        var model = TestModel.builder()
                .outputArgs(Map.of("title", "T", "points", List.of("p")))
                .build();
        var schema = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode()
                .put("type", "object");
        var params = new ModelRequestParameters(
                List.of(), List.of(new ToolDefinition("final_result", "out", schema, false)), false, null);
        StringBuilder args = new StringBuilder();

        ModelResponse streamed = model.requestStream(
                List.of(dev.steadfast.message.ModelRequest.user("go")), ModelSettings.DEFAULTS, params, e -> {
                    if (e instanceof ToolCallDelta d) {
                        args.append(d.argumentsJson());
                    }
                });

        ModelResponse plain =
                model.request(List.of(dev.steadfast.message.ModelRequest.user("go")), ModelSettings.DEFAULTS, params);
        assertThat(streamed).isEqualTo(plain);
        assertThat(args.toString()).isEqualTo(plain.toolCalls().getFirst().argsAsJson());
    }

    @Test
    void theHookCanHoldTheStreamBetweenDeltasAndAnInterruptCancelsTheRequest() throws Exception {
        var midway = new CountDownLatch(1);
        var model = new FunctionModel((m, p) -> ModelResponse.of(TextPart.of(ANSWER))).streaming((n, next) -> {
            if (n == 3) {
                midway.countDown();
                new CountDownLatch(1).await(); // held until interrupted
            }
        });
        List<ModelStreamEvent> seen = new ArrayList<>();
        var failure = new AtomicReference<Throwable>();
        Thread requester = Thread.ofVirtual().start(() -> {
            try {
                model.requestStream(List.of(), ModelSettings.DEFAULTS, ModelRequestParameters.TEXT, seen::add);
            } catch (Throwable t) {
                failure.set(t);
            }
        });

        assertThat(midway.await(30, TimeUnit.SECONDS)).isTrue();
        requester.interrupt();
        requester.join(30_000);

        assertThat(seen).hasSize(3);
        assertThat(failure.get()).isInstanceOf(ModelException.class).hasMessageContaining("cancelled");
        assertThat(((ModelException) failure.get()).isRetryable()).isFalse();
    }

    @Test
    void aConsumerThatThrowsStopsTheStream() {
        var model = new FunctionModel((m, p) -> ModelResponse.of(TextPart.of(ANSWER)));
        List<ModelStreamEvent> seen = new ArrayList<>();

        assertThatThrownBy(() ->
                        model.requestStream(List.of(), ModelSettings.DEFAULTS, ModelRequestParameters.TEXT, e -> {
                            seen.add(e);
                            if (seen.size() == 2) {
                                throw new IllegalStateException("enough");
                            }
                        }))
                .hasMessage("enough");
        assertThat(seen).hasSize(2);
    }
}

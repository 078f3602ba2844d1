package dev.steadfast.opentelemetry;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.Retry;
import dev.steadfast.agent.Tool;
import dev.steadfast.message.FinishReason;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.usage.Pricing;
import dev.steadfast.usage.Usage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tool-using run the tracing tests observe on every engine: the model asks for a forecast, the tool
 * fails once (retried by its policy) and then answers, the model answers in text. Two model requests with
 * known usage, three attempts' worth of tool calls.
 */
final class WeatherAgent {
    static final String MODEL = "gpt-test";
    static final String RESPONSE_MODEL = "gpt-test-2026-01";
    static final Usage FIRST = new Usage(1, 100, 20, 30, 0, 5, 0);
    static final Usage SECOND = new Usage(1, 150, 10, 0, 0, 0, 0);

    private WeatherAgent() {}

    /** The tool: its first call fails with an exception the tool's retry policy retries. */
    static final class Forecasts {
        final AtomicInteger calls = new AtomicInteger();

        @Tool(value = "The forecast for a city", retry = @Retry(maxAttempts = 3, initialInterval = "10ms"))
        String forecast(String city) {
            if (calls.getAndIncrement() == 0) {
                throw new IllegalStateException("forecast backend unavailable");
            }
            return "sunny in " + city;
        }
    }

    static Agent<Void, String> agent(Forecasts tools) {
        return Agent.builder()
                .name("weather")
                .model(new FunctionModel(
                        MODEL,
                        (messages, params) -> answered(messages)
                                ? new ModelResponse(
                                        List.of(TextPart.of("Sunny in Oslo.")),
                                        SECOND,
                                        RESPONSE_MODEL,
                                        FinishReason.STOP)
                                : new ModelResponse(
                                        List.of(new ToolCallPart(
                                                "forecast",
                                                "call-1",
                                                dev.steadfast.message.Messages.toTree(Map.of("city", "Oslo")))),
                                        FIRST,
                                        RESPONSE_MODEL,
                                        FinishReason.TOOL_CALLS)))
                .tools(tools)
                .pricing(Pricing.none().with(RESPONSE_MODEL, Pricing.Price.of("2.00", "8.00")))
                .build();
    }

    private static boolean answered(List<dev.steadfast.message.Message> messages) {
        return messages.stream()
                .anyMatch(m ->
                        m instanceof ModelRequest r && r.parts().stream().anyMatch(ToolReturnPart.class::isInstance));
    }
}

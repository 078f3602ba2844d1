package dev.steadfast.opentelemetry;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.Tool;
import dev.steadfast.message.FinishReason;
import dev.steadfast.message.Message;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.usage.Pricing;
import dev.steadfast.usage.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A five-step run for the traced crash test: model, {@code lookup}, model, {@code slow}, model. While the
 * hold file exists, {@code slow} calls {@code onHold} and never returns: the test kills the process there.
 * Model request {@code k} uses {@code 100+k} input and {@code 10+k} output tokens.
 */
final class TracedAgent {
    static final String RESPONSE_MODEL = "traced-model-1";

    private TracedAgent() {}

    static Usage usageOf(int turn) {
        return new Usage(1, 100 + turn, 10 + turn, 0, 0, 0, 0);
    }

    static Agent<Void, String> create(Path hold, Runnable onHold) {
        var model = new FunctionModel("traced-model", (messages, params) -> {
            int turn = (int) returns(messages);
            List<dev.steadfast.message.ResponsePart> parts = switch (turn) {
                case 0 -> List.of(new ToolCallPart("lookup", "c1", Messages.toTree(Map.of("q", "a"))));
                case 1 -> List.of(new ToolCallPart("slow", "c2", Messages.toTree(Map.of("q", "b"))));
                default -> List.of(TextPart.of("done"));
            };
            return new ModelResponse(
                    parts, usageOf(turn), RESPONSE_MODEL, turn < 2 ? FinishReason.TOOL_CALLS : FinishReason.STOP);
        });
        return Agent.builder()
                .name("traced")
                .model(model)
                .tools(new Tools(hold, onHold))
                .pricing(Pricing.none().with(RESPONSE_MODEL, Pricing.Price.of("3.00", "15.00")))
                .build();
    }

    private static long returns(List<Message> messages) {
        return messages.stream()
                .filter(m ->
                        m instanceof ModelRequest r && r.parts().stream().anyMatch(ToolReturnPart.class::isInstance))
                .count();
    }

    static final class Tools {
        private final Path hold;
        private final Runnable onHold;

        Tools(Path hold, Runnable onHold) {
            this.hold = hold;
            this.onHold = onHold;
        }

        @Tool("Looks something up")
        String lookup(String q) {
            return "found " + q;
        }

        @Tool("Takes its time")
        String slow(String q) throws InterruptedException {
            if (Files.exists(hold)) {
                onHold.run();
                Thread.sleep(Long.MAX_VALUE);
            }
            return "slow " + q;
        }
    }
}

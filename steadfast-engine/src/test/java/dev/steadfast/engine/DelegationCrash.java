package dev.steadfast.engine;

import dev.steadfast.agent.Agent;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.testing.FunctionModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A planner that delegates to a researcher (a child run), for the crash test: the planner's model
 * asks the researcher, the researcher searches {@code a} then {@code b}, then each answers. Every
 * model request and search logs {@code start <step>} and {@code done <step>} to {@value CrashAgent#EFFECTS};
 * a step the test {@linkplain CrashAgent#hold holds} waits after its start until the test lets it go.
 */
final class DelegationCrash {
    /** Each step as the effects log names it, in the order they run. */
    static final List<String> STEPS =
            List.of("planner-0", "researcher-0", "search-a", "researcher-1", "search-b", "researcher-2", "planner-1");

    record Query(String q) {}

    private DelegationCrash() {}

    static Agent<Void, String> planner(Path logDir) {
        Agent<Void, String> researcher = Agent.builder()
                .name("researcher")
                .model(new FunctionModel((messages, p) -> {
                    int returns = returns(messages);
                    CrashAgent.effect(logDir, "researcher-" + returns);
                    return switch (returns) {
                        case 0 -> ModelResponse.of(ToolCallPart.of("search", Map.of("q", "a")));
                        case 1 -> ModelResponse.of(ToolCallPart.of("search", Map.of("q", "b")));
                        default -> ModelResponse.of(TextPart.of("found a and b"));
                    };
                }))
                .tool("search", "Search", Query.class, (ctx, q) -> {
                    CrashAgent.effect(logDir, "search-" + q.q());
                    return "result-" + q.q();
                })
                .build();
        return Agent.builder()
                .name("planner")
                .model(new FunctionModel((messages, p) -> {
                    int returns = returns(messages);
                    CrashAgent.effect(logDir, "planner-" + returns);
                    return returns == 0
                            ? ModelResponse.of(ToolCallPart.of("research", Map.of("prompt", "a and b")))
                            : ModelResponse.of(TextPart.of("plan from: " + last(messages)));
                }))
                .delegate(researcher, "research", "Research")
                .build();
    }

    private static int returns(List<dev.steadfast.message.Message> messages) {
        return (int) messages.stream()
                .filter(m ->
                        m instanceof ModelRequest r && r.parts().stream().anyMatch(ToolReturnPart.class::isInstance))
                .count();
    }

    private static String last(List<dev.steadfast.message.Message> messages) {
        return messages.stream()
                .filter(ModelRequest.class::isInstance)
                .flatMap(m -> ((ModelRequest) m).parts().stream())
                .filter(ToolReturnPart.class::isInstance)
                .map(p -> ((ToolReturnPart) p).contentAsText())
                .reduce((a, b) -> b)
                .orElse("");
    }

    /** Child JVM: starts the planner durably on {@code args[0]}, logging to {@code args[1]}, and runs until killed. */
    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        Path logDir = Files.createDirectories(Path.of(args[1]));
        var planner = planner(logDir);
        var engine = EmbeddedEngine.builder().database(db).register(planner).build();
        engine.start(planner, "plan-run", "plan");
        System.out.println("STARTED");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}

package dev.steadfast.examples.research;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.Tool;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.message.UserPromptPart;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.usage.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The three agents of the research example, on scripted models so the example runs offline: each
 * reply depends only on the conversation, as a replay needs. Every model request and search first
 * calls {@link Effects#ran} with its name ({@code planner}, {@code researcher-<question>} and {@code researcher-<question> (answer)},
 * {@code search-<question>}, {@code writer}), so a test can count what really ran.
 */
public final class ResearchTeam {
    /** The planner's output: the questions to research. */
    public record Plan(List<String> questions) {}

    /** A researcher's output. */
    public record Findings(String question, List<String> facts) {}

    /** The writer's output. */
    public record Report(String title, List<String> sections) {}

    /** Told of each model request and search as it runs. */
    @FunctionalInterface
    public interface Effects {
        void ran(String step);
    }

    private static final Usage PER_REQUEST = new Usage(1, 1200, 150, 0, 0, 0, 0);

    final Agent<Void, Plan> planner;
    final Agent<Void, Findings> researcher;
    final Agent<Void, Report> writer;

    /** The team, telling {@code effects} what runs. */
    public ResearchTeam(Effects effects) {
        planner = Agent.builder()
                .name("planner")
                .output(Plan.class)
                .model(new FunctionModel("gpt-4.1", (m, p) -> {
                    effects.ran("planner");
                    String topic = prompt(m);
                    return reply(ToolCallPart.of(
                            "final_result",
                            Map.of(
                                    "questions",
                                    List.of("history of " + topic, "how " + topic + " works", "who uses " + topic))));
                }))
                .build();
        researcher = Agent.builder()
                .name("researcher")
                .output(Findings.class)
                .tools(new Search(effects))
                .model(new FunctionModel("gpt-4.1", (m, p) -> {
                    String question = prompt(m);
                    List<String> found = found(m);
                    effects.ran("researcher-" + question + (found.isEmpty() ? "" : " (answer)"));
                    return found.isEmpty()
                            ? reply(ToolCallPart.of("search", Map.of("query", question)))
                            : reply(ToolCallPart.of("final_result", Map.of("question", question, "facts", found)));
                }))
                .build();
        writer = Agent.builder()
                .name("writer")
                .output(Report.class)
                .model(new FunctionModel("gpt-4.1", (m, p) -> {
                    effects.ran("writer");
                    List<String> sections = new ArrayList<>(List.of(prompt(m).split("\n")));
                    String title = sections.removeFirst();
                    return reply(ToolCallPart.of("final_result", Map.of("title", title, "sections", sections)));
                }))
                .build();
    }

    /** The offline search the researchers call. */
    static final class Search {
        private final Effects effects;

        Search(Effects effects) {
            this.effects = effects;
        }

        @Tool("Search the web for one question; returns facts")
        List<String> search(String query) {
            effects.ran("search-" + query);
            return List.of("a fact about " + query, "a source on " + query);
        }
    }

    private static ModelResponse reply(ToolCallPart call) {
        return ModelResponse.of(call).withUsage(PER_REQUEST);
    }

    private static String prompt(List<Message> messages) {
        return ((ModelRequest) messages.getFirst())
                .parts().stream()
                        .filter(UserPromptPart.class::isInstance)
                        .map(p -> ((UserPromptPart) p).content())
                        .findFirst()
                        .orElse("");
    }

    private static List<String> found(List<Message> messages) {
        var facts = new ArrayList<String>();
        messages.stream()
                .filter(ModelRequest.class::isInstance)
                .flatMap(m -> ((ModelRequest) m).parts().stream())
                .filter(ToolReturnPart.class::isInstance)
                .forEach(p -> ((ToolReturnPart) p).content().forEach(n -> facts.add(n.asText())));
        return facts;
    }
}

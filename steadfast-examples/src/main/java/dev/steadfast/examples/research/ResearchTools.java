package dev.steadfast.examples.research;

import dev.steadfast.agent.Param;
import dev.steadfast.agent.Retry;
import dev.steadfast.agent.RunContext;
import dev.steadfast.agent.Tool;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The research agent's tools, over a small offline library so the demo needs no network. A real
 * deployment would call a search API here.
 */
public final class ResearchTools {
    /** A source document: where it is and what it says. */
    public record Source(String url, String finding) {}

    private static final Map<String, List<Source>> LIBRARY = Map.of(
            "durable", List.of(
                    new Source("https://example.org/journals", "A step is durable once its record is fsynced; replay returns it."),
                    new Source("https://example.org/replay", "Workflow code re-runs from the top; recorded steps are not executed again."),
                    new Source("https://example.org/retries", "Retries with backoff turn rate limits into waits, not failures.")),
            "agent", List.of(
                    new Source("https://example.org/tools", "Agents call tools; each call is an expensive, failure-prone step."),
                    new Source("https://example.org/approval", "A human approval can take hours; the wait must survive restarts.")));

    private final Duration latency;
    private final AtomicInteger searches;

    /** Tools that answer at once. */
    public ResearchTools() {
        this(Duration.ZERO, new AtomicInteger());
    }

    /** Tools whose search takes {@code latency} (as a web search would) and is counted in {@code searches}. */
    public ResearchTools(Duration latency, AtomicInteger searches) {
        this.latency = latency;
        this.searches = searches;
    }

    /** Searches the library for sources on {@code query}. */
    @Tool(value = "Search for sources on a topic; returns their URLs and key findings",
          retry = @Retry(maxAttempts = 3, initialInterval = "1s", backoffCoefficient = 2.0), timeout = "30s")
    public List<Source> search(@Param("what to look for, a few words") String query, RunContext<?> ctx) {
        searches.incrementAndGet();
        OfflineResearchModel.pause(latency);
        String q = query.toLowerCase(Locale.ROOT);
        return LIBRARY.entrySet().stream().filter(e -> q.contains(e.getKey()))
                .flatMap(e -> e.getValue().stream()).sorted(java.util.Comparator.comparing(Source::url)).toList();
    }
}

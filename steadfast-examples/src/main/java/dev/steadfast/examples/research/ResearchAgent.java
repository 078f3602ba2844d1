package dev.steadfast.examples.research;

import dev.steadfast.agent.Agent;
import dev.steadfast.usage.Pricing;
import dev.steadfast.model.Model;

/**
 * The research agent of the seed article: it searches for sources, then summarises them into a
 * typed {@link Summary}.
 *
 * <pre>{@code
 * Agent<Void, Summary> agent = ResearchAgent.create(Models.of("openai:gpt-4.1"));
 * Summary s = agent.run("durable agents").output();
 * }</pre>
 */
public final class ResearchAgent {
    private ResearchAgent() {}

    public static Agent<Void, Summary> create(Model model) {
        return create(model, new ResearchTools());
    }

    /** The agent with the given tools (a demo passes slow, counting ones). */
    public static Agent<Void, Summary> create(Model model, ResearchTools tools) {
        return Agent.builder()
                .name("researcher")
                .model(model)
                .instructions("You are a careful research assistant. Search first, then summarise what the sources say.")
                .tools(tools)
                .output(Summary.class)
                // The offline model is priced like gpt-4.1-mini so the demo shows what a run would cost.
                .pricing(Pricing.defaults().with("offline-research-model", Pricing.Price.of("0.40", "1.60")))
                .build();
    }
}

package dev.steadfast.examples.research;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.RequestPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.message.UserPromptPart;
import dev.steadfast.model.RateLimitedException;
import dev.steadfast.testing.FunctionModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted stand-in for a real model, so the demo runs offline: it searches for the user's
 * topic, then writes a {@link Summary} from what the search returned. Swap in
 * {@code Models.of("openai:gpt-4.1")} for the real thing.
 */
public final class OfflineResearchModel {
    private OfflineResearchModel() {}

    /** The model, answering at once. */
    public static FunctionModel create() {
        return create(Duration.ZERO, 0, new AtomicInteger());
    }

    /**
     * The model with a delay per request (so a demo can be interrupted mid-request), rate limited
     * (HTTP 429, Retry-After 1 s) on its first {@code rateLimitedCalls} requests, counting every
     * request in {@code calls}.
     */
    public static FunctionModel create(Duration latency, int rateLimitedCalls, AtomicInteger calls) {
        return new FunctionModel("offline-research-model", (messages, params) -> {
            if (calls.incrementAndGet() <= rateLimitedCalls) {
                throw new RateLimitedException(
                        429,
                        "Rate limit reached for offline-research-model; try again in 1s",
                        "{\"error\":{\"type\":\"rate_limit_exceeded\"}}",
                        Duration.ofSeconds(1));
            }
            pause(latency);
            return respond(messages);
        });
    }

    static void pause(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static ModelResponse respond(List<Message> messages) {
        ToolReturnPart found = lastOf(messages, ToolReturnPart.class);
        String topic = lastOf(messages, UserPromptPart.class).content();
        if (found == null) {
            return ModelResponse.of(ToolCallPart.of("search", Map.of("query", topic)));
        }
        var points = new ArrayList<String>();
        var sources = new ArrayList<String>();
        for (JsonNode source : found.content()) {
            points.add(source.path("finding").asText());
            sources.add(source.path("url").asText());
        }
        var summary = new LinkedHashMap<String, Object>();
        summary.put("title", "What the sources say about: " + topic);
        summary.put("points", points.subList(0, Math.min(points.size(), 5)));
        summary.put("sources", sources);
        return ModelResponse.of(ToolCallPart.of("final_result", summary));
    }

    private static <P extends RequestPart> P lastOf(List<Message> messages, Class<P> type) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof ModelRequest r) {
                for (RequestPart p : r.parts()) {
                    if (type.isInstance(p)) {
                        return type.cast(p);
                    }
                }
            }
        }
        return null;
    }
}

package dev.steadfast.examples.research;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.RequestPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.message.UserPromptPart;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.testing.FunctionModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scripted stand-in for a real model, so the demo runs offline: it searches for the user's
 * topic, then writes a {@link Summary} from what the search returned. Swap in
 * {@code Models.of("openai:gpt-4.1")} for the real thing.
 */
public final class OfflineResearchModel {
    private OfflineResearchModel() {}

    public static FunctionModel create() {
        return new FunctionModel("offline-research-model", OfflineResearchModel::respond);
    }

    private static ModelResponse respond(List<Message> messages, ModelRequestParameters params) {
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

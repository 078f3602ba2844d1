package dev.steadfast.spring.example;

import dev.steadfast.examples.approval.ApprovalExample;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.SystemPromptPart;
import dev.steadfast.model.Model;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ModelSettings;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;

/**
 * The application's {@code Model} bean in tests: the example's scripted analyst and executor behind one model, counting
 * the requests each agent made, across application restarts (the counters are static).
 */
final class CountingModel implements Model {
    static final AtomicInteger ANALYST = new AtomicInteger();
    static final AtomicInteger EXECUTOR = new AtomicInteger();

    private final Model analyst = ApprovalExample.offlineAnalyst();
    private final Model executor = ApprovalExample.offlineExecutor();

    /** Puts the model in the application's context. */
    // not @Configuration: given to the application as a source, out of reach of its component scan (same package)
    static class Beans {
        @Bean
        Model countingModel() {
            return new CountingModel();
        }
    }

    static void reset() {
        ANALYST.set(0);
        EXECUTOR.set(0);
    }

    @Override
    public String name() {
        return "counting";
    }

    @Override
    public ModelResponse request(List<Message> messages, ModelSettings settings, ModelRequestParameters parameters) {
        if (systemPrompt(messages).startsWith("You review")) {
            ANALYST.incrementAndGet();
            return analyst.request(messages, settings, parameters);
        }
        EXECUTOR.incrementAndGet();
        return executor.request(messages, settings, parameters);
    }

    private static String systemPrompt(List<Message> messages) {
        for (Message m : messages) {
            if (m instanceof ModelRequest r) {
                for (var p : r.parts()) {
                    if (p instanceof SystemPromptPart s) {
                        return s.content();
                    }
                }
            }
        }
        return "";
    }
}

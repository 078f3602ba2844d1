package dev.steadfast.testing;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.ModelRetry;
import dev.steadfast.agent.Retry;
import dev.steadfast.agent.RunContext;
import dev.steadfast.agent.Tool;
import dev.steadfast.error.ToolFailed;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.RequestPart;
import dev.steadfast.message.RetryPromptPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.message.UserPromptPart;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.step.RetryPolicy;
import dev.steadfast.usage.Usage;
import dev.steadfast.usage.UsageLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agents of {@link DurableAgentContract}: a researcher whose scripted model decides from the
 * conversation alone (so a resumed run gets the same answers), and tools that count their calls.
 */
final class DurableAgents {
    record Summary(String title, List<String> sources) {}

    /** The arguments of the external tool {@code rate}, answered from outside the run. */
    record Rate(String what) {}

    /** Counts of what really ran, shared by every engine opened in one test. */
    static final class Counters {
        final AtomicInteger modelCalls = new AtomicInteger();
        final AtomicInteger searches = new AtomicInteger();
        final AtomicInteger emails = new AtomicInteger();
        final AtomicInteger flakyAttempts = new AtomicInteger();
        final AtomicInteger sometimes = new AtomicInteger();
        final AtomicInteger slow = new AtomicInteger();
        final AtomicInteger helperCalls = new AtomicInteger();
        final List<String> keys = new CopyOnWriteArrayList<>();
        final List<String> emailedTo = new CopyOnWriteArrayList<>();
    }

    static final class Tools {
        private final Counters counters;

        private final Agent<Void, String> helper;

        Tools(Counters counters) {
            this.counters = counters;
            this.helper = Agent.builder()
                    .name("helper")
                    .model(new FunctionModel("gpt-4.1", (m, p) -> {
                        counters.helperCalls.incrementAndGet();
                        return ModelResponse.of(dev.steadfast.message.TextPart.of("helped"))
                                .withUsage(new Usage(1, 1000, 100, 0, 0, 0, 0));
                    }))
                    .build();
        }

        @Tool("Asks a helper agent")
        String delegate(String what) {
            return helper.run(what).output(); // a plain run on the tool's thread: its usage is the caller's
        }

        @Tool("Search for sources")
        List<String> search(String query, RunContext<Void> ctx) {
            counters.searches.incrementAndGet();
            counters.keys.add(ctx.idempotencyKey());
            if (query.contains("nothing")) {
                throw new ModelRetry("No sources for '" + query + "'; try another query.");
            }
            return List.of("https://example.org/" + query.replace(' ', '-'));
        }

        @Tool(value = "Send the report by e-mail", requiresApproval = true)
        String email(String to) {
            counters.emails.incrementAndGet();
            counters.emailedTo.add(to);
            return "sent to " + to;
        }

        @Tool("Asks for a retry on its odd-numbered calls")
        String sometimes(String what) {
            if (counters.sometimes.incrementAndGet() % 2 == 1) {
                throw new ModelRetry("Busy; try '" + what + "' again.");
            }
            return "done " + what;
        }

        @Tool("Saves a file on a full disk")
        @SuppressWarnings("DoNotCallSuggester") // a tool that always fails, called by the model under test
        String save(String what) {
            throw new ToolFailed("The disk is full; '" + what + "' was not saved.");
        }

        @Tool(value = "Hangs on its first call", timeout = "200ms")
        String slow(String what) throws InterruptedException {
            if (counters.slow.incrementAndGet() == 1) {
                Thread.sleep(10_000);
            }
            return "fast " + what;
        }

        @Tool(value = "Fails on its first attempt", retry = @Retry(maxAttempts = 3, initialInterval = "10ms"))
        String flaky(String what) {
            if (counters.flakyAttempts.incrementAndGet() == 1) {
                throw new IllegalStateException("connection reset");
            }
            return "ok " + what;
        }
    }

    /**
     * The researcher's model: the user prompt names the tools to call in order, comma-separated
     * (e.g. {@code "search:fsync,email:ana"}); each turn calls the next one not yet answered, then
     * returns the summary. Calls in one turn are separated by {@code +}; {@code final} among them is the
     * output call, made beside the others.
     */
    static ModelResponse script(List<Message> messages, ModelRequestParameters params, Counters counters) {
        counters.modelCalls.incrementAndGet();
        String prompt = null;
        int answered = 0;
        var sources = new java.util.ArrayList<String>();
        for (Message m : messages) {
            if (m instanceof ModelRequest r) {
                for (RequestPart p : r.parts()) {
                    if (p instanceof UserPromptPart u) {
                        prompt = u.content();
                        answered = 0;
                    } else if (p instanceof ToolReturnPart t) {
                        answered++;
                        if (t.toolName().equals("search")) {
                            t.content().forEach(n -> sources.add(n.asText()));
                        }
                    } else if (p instanceof RetryPromptPart) {
                        answered++;
                    }
                }
            }
        }
        String[] turns = prompt.isBlank() ? new String[0] : prompt.split(",");
        var calls = new java.util.ArrayList<ToolCallPart>();
        int done = 0;
        for (String turn : turns) {
            String[] parallel = turn.split("\\+");
            if (done + parallel.length > answered) {
                for (String call : parallel) {
                    if (call.trim().equals("final")) { // the output beside the other calls
                        calls.add(ToolCallPart.of(
                                "final_result",
                                "call-final-" + (calls.size() + done + 1),
                                Map.of("title", "Report", "sources", sources)));
                        continue;
                    }
                    String[] nameArg = call.trim().split(":", 2);
                    String arg = nameArg.length > 1 ? nameArg[1] : "";
                    Map<String, Object> args = switch (nameArg[0]) {
                        case "search" -> Map.of("query", arg);
                        case "email" -> Map.of("to", arg);
                        default -> Map.of("what", arg);
                    };
                    calls.add(ToolCallPart.of(nameArg[0], "call-" + (calls.size() + done + 1), args));
                }
                break;
            }
            done += parallel.length;
        }
        ModelResponse r = calls.isEmpty()
                ? ModelResponse.of(
                        ToolCallPart.of("final_result", "call-final", Map.of("title", "Report", "sources", sources)))
                : new ModelResponse(List.copyOf(calls), null, null, null);
        return r.withUsage(new Usage(1, 1000, 100, 0, 0, 0, 0));
    }

    static Agent<Void, Summary> researcher(Counters counters, UsageLimits limits) {
        return Agent.builder()
                .name("researcher")
                .model(new FunctionModel("gpt-4.1", (messages, params) -> script(messages, params, counters)))
                .tools(new Tools(counters))
                .externalTool("rate", "Today's exchange rate", Rate.class)
                .output(Summary.class)
                .usageLimits(limits)
                .modelRetryPolicy(RetryPolicy.builder()
                        .maxAttempts(5)
                        .initialInterval(Duration.ofMillis(10))
                        .maxInterval(Duration.ofMillis(100))
                        .build())
                .build();
    }

    private DurableAgents() {}
}

package dev.steadfast.testing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steadfast.message.FinishReason;
import dev.steadfast.message.Message;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.RequestPart;
import dev.steadfast.message.ResponsePart;
import dev.steadfast.message.RetryPromptPart;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.message.UserPromptPart;
import dev.steadfast.model.Model;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.ModelStreamEvent;
import dev.steadfast.model.OutputMode;
import dev.steadfast.model.ToolDefinition;
import dev.steadfast.testing.FunctionModel.StreamHook;
import dev.steadfast.testing.internal.SchemaSampler;
import dev.steadfast.testing.internal.StreamChunks;
import dev.steadfast.testing.internal.UsageEstimate;
import dev.steadfast.usage.Usage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A {@link Model} that exercises an agent without a script: its first response calls every
 * function tool once with arguments made from the tool's JSON schema, its next response gives an
 * output that satisfies the output schema. Use it to check that tools are wired up and that the
 * agent runs end to end; use {@link FunctionModel} or {@link ScriptedModel} to test particular
 * conversations.
 *
 * <p>How it answers, from the newest request in the conversation:
 * <ul>
 * <li>it holds a user prompt (a run starts): call the tools (all function tools offered, in order,
 *     or those named by {@link Builder#callTools}); with none to call, answer as below;
 * <li>it holds retry prompts for tools it calls: call those tools again;
 * <li>otherwise answer: the fixed {@link Builder#outputText text} if set; else, with output tools
 *     offered, call the first with the fixed {@link Builder#outputArgs args} or arguments made
 *     from its schema (in {@link OutputMode#NATIVE} and {@link OutputMode#PROMPTED} mode, send that
 *     JSON as text); else text: the fixed args as JSON, or a JSON object of the tool returns in
 *     the request by tool name (a later return from the same tool replaces an earlier one), or
 *     {@code no tool calls} when there are none.
 * </ul>
 * Arguments are generated deterministically (see {@link Builder#seed}): strings {@code "a"},
 * {@code "b"}, …, integers counting from 0, booleans from {@code true}, one item per array, the
 * first enum value and the first non-null branch of a union, with {@code minLength},
 * {@code minimum}, {@code minItems} and similar bounds met, so {@code @NotBlank}, {@code @Size} and
 * {@code @Min} pass. Tool call ids are {@code test_call_1}, {@code test_call_2}, … across the
 * conversation. Responses carry the model's name, a finish reason and the usage estimate of
 * {@link FunctionModel}. Thread-safe: it keeps no state between requests. Asked to stream, it reports
 * the same response in pieces as {@link FunctionModel} does, calling the {@link Builder#streamHook hook}
 * before each event.
 *
 * <pre>{@code
 * Agent<Void, Summary> agent = Agent.builder().name("t").model(new TestModel())
 *         .tools(new ResearchTools()).output(Summary.class).build();
 * Summary s = agent.run("Summarise").output();            // every tool was called once
 *
 * TestModel quiet = TestModel.builder()
 *         .callTools(List.of("search"))
 *         .outputArgs(Map.of("title", "Durability", "points", List.of("fsync")))
 *         .build();
 * }</pre>
 */
public final class TestModel implements Model {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String name;
    private final List<String> callTools;
    private final JsonNode outputArgs;
    private final String outputText;
    private final long seed;
    private final StreamHook hook;

    /** A test model with the defaults of {@link Builder}. */
    public TestModel() {
        this(builder());
    }

    private TestModel(Builder b) {
        this.name = b.name;
        this.callTools = b.callTools;
        this.outputArgs = b.outputArgs;
        this.outputText = b.outputText;
        this.seed = b.seed;
        this.hook = b.hook;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ModelResponse request(List<Message> messages, ModelSettings settings, ModelRequestParameters parameters) {
        List<Message> sent = List.copyOf(messages);
        List<RequestPart> latest = latestRequestParts(sent);
        long callsSoFar = sent.stream()
                .filter(ModelResponse.class::isInstance)
                .mapToLong(m -> ((ModelResponse) m).toolCalls().size())
                .sum();
        List<ToolDefinition> tools = toolsToCall(latest, parameters);
        List<ResponsePart> parts = new ArrayList<>();
        FinishReason finish;
        if (!tools.isEmpty()) {
            for (ToolDefinition tool : tools) {
                parts.add(new ToolCallPart(
                        tool.name(),
                        "test_call_" + (++callsSoFar),
                        SchemaSampler.sample(tool.parametersSchema(), seed)));
            }
            finish = FinishReason.TOOL_CALLS;
        } else {
            ResponsePart output = output(latest, parameters, callsSoFar + 1);
            parts.add(output);
            finish = output instanceof ToolCallPart ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        }
        return UsageEstimate.fillIn(sent, new ModelResponse(parts, Usage.NONE, name, finish));
    }

    @Override
    public ModelResponse requestStream(
            List<Message> messages,
            ModelSettings settings,
            ModelRequestParameters parameters,
            Consumer<? super ModelStreamEvent> events) {
        ModelResponse response = request(messages, settings, parameters);
        StreamChunks.emit(response, events, hook);
        return response;
    }

    private List<ToolDefinition> toolsToCall(List<RequestPart> latest, ModelRequestParameters parameters) {
        List<ToolDefinition> offered = parameters.functionTools();
        List<ToolDefinition> chosen = new ArrayList<>();
        if (callTools == null) {
            chosen.addAll(offered);
        } else {
            for (String wanted : callTools) {
                ToolDefinition tool = offered.stream()
                        .filter(t -> t.name().equals(wanted))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("TestModel was told to call tool '" + wanted
                                + "' but the request offers only "
                                + offered.stream().map(ToolDefinition::name).toList()
                                + "; fix TestModel.builder().callTools(...) or register the tool with the agent"));
                chosen.add(tool);
            }
        }
        if (latest.stream().anyMatch(UserPromptPart.class::isInstance)) {
            return chosen;
        }
        List<String> retried = latest.stream()
                .filter(RetryPromptPart.class::isInstance)
                .map(p -> ((RetryPromptPart) p).toolName())
                .toList();
        return chosen.stream().filter(t -> retried.contains(t.name())).toList();
    }

    private ResponsePart output(List<RequestPart> latest, ModelRequestParameters parameters, long callNumber) {
        if (outputText != null) {
            return TextPart.of(outputText);
        }
        if (!parameters.outputTools().isEmpty()) {
            ToolDefinition tool = parameters.outputTools().get(0);
            JsonNode args = outputArgs != null ? outputArgs : SchemaSampler.sample(tool.parametersSchema(), seed);
            return parameters.outputMode() == OutputMode.TOOL
                    ? new ToolCallPart(tool.name(), "test_call_" + callNumber, args)
                    : TextPart.of(args.toString());
        }
        if (outputArgs != null) {
            return TextPart.of(outputArgs.toString());
        }
        Map<String, JsonNode> returns = new LinkedHashMap<>();
        for (RequestPart p : latest) {
            if (p instanceof ToolReturnPart r) {
                returns.put(r.toolName(), r.content());
            }
        }
        if (returns.isEmpty()) {
            return TextPart.of("no tool calls");
        }
        ObjectNode summary = JSON.objectNode();
        returns.forEach(summary::set);
        return TextPart.of(summary.toString());
    }

    private static List<RequestPart> latestRequestParts(List<Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof ModelRequest r) {
                return r.parts();
            }
        }
        return List.of();
    }

    @Override
    public String toString() {
        return "TestModel[" + name + "]";
    }

    /** Options of a {@link TestModel}; every one has a default, so {@code build()} alone is fine. */
    public static final class Builder {
        private String name = "test";
        private List<String> callTools;
        private JsonNode outputArgs;
        private String outputText;
        private long seed;
        private StreamHook hook = StreamHook.NONE;

        private Builder() {}

        /** Called before each event of a streamed response (see {@link StreamHook}). Default: {@link StreamHook#NONE}. */
        public Builder streamHook(StreamHook hook) {
            this.hook = requireNonNull(hook, "hook");
            return this;
        }

        /** The model's name. Default {@code test}. */
        public Builder name(String name) {
            this.name = requireNonNull(name, "name");
            return this;
        }

        /**
         * The function tools to call, in this order; an empty list calls none. Default: every
         * function tool the request offers, in the order offered. A name the request does not
         * offer fails the request.
         */
        public Builder callTools(List<String> toolNames) {
            this.callTools = List.copyOf(toolNames);
            return this;
        }

        /**
         * A fixed structured output, sent instead of generated arguments (any Jackson-serializable
         * value, or a {@link JsonNode}). Default: generated from the output tool's schema.
         */
        public Builder outputArgs(Object args) {
            this.outputArgs = Messages.toTree(requireNonNull(args, "args"));
            return this;
        }

        /** A fixed text answer, sent even when output tools are offered. Default: none. */
        public Builder outputText(String text) {
            this.outputText = requireNonNull(text, "text");
            return this;
        }

        /**
         * Shifts the generated values: with seed {@code s} the first string is the {@code s}-th of
         * {@code a, b, …, z, aa, …}, integers count from {@code s}. Default 0.
         */
        public Builder seed(long seed) {
            if (seed < 0) {
                throw new IllegalArgumentException("seed must be >= 0 but was " + seed);
            }
            this.seed = seed;
            return this;
        }

        /** The configured model; fails when both a fixed text and fixed args were given. */
        public TestModel build() {
            if (outputText != null && outputArgs != null) {
                throw new IllegalStateException("TestModel: set outputText or outputArgs, not both (text was '"
                        + outputText + "', args " + outputArgs + ")");
            }
            return new TestModel(this);
        }
    }
}

package dev.steadfast.testing;

import static java.util.Objects.requireNonNull;

import dev.steadfast.message.Message;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.model.Model;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.ModelStreamEvent;
import dev.steadfast.testing.internal.StreamChunks;
import dev.steadfast.testing.internal.UsageEstimate;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link Model} whose answers come from a lambda: the quickest way to script an agent run that
 * depends on what the agent sent (which tools it offered, what a tool returned).
 *
 * <p>A response the function returns without usage ({@link dev.steadfast.usage.Usage#NONE}) gets a
 * deterministic estimate so usage sums and limits can be tested: one request, input tokens = the
 * words (runs of letters and digits) in all messages sent, output tokens = the words in the
 * response; tool names count, tool arguments and returns count by their JSON text. A response
 * with its own usage is returned unchanged.
 *
 * <p>Asked to stream ({@link #requestStream}), it reports the function's response in pieces: text and
 * thinking a word at a time (at most 12 characters a delta), tool-call arguments 8 characters at a time,
 * with the {@link #streaming(StreamHook) hook} called before each event, so a test can hold or cancel the
 * stream mid-answer.
 *
 * <pre>{@code
 * AtomicInteger turn = new AtomicInteger();
 * FunctionModel model = new FunctionModel((messages, params) -> switch (turn.getAndIncrement()) {
 *     case 0 -> ModelResponse.of(ToolCallPart.of("search", Map.of("query", "fsync")));
 *     default -> ModelResponse.of(TextPart.of("fsync is the floor"));
 * });
 *
 * // when the settings matter too:
 * FunctionModel cold = FunctionModel.withSettings((messages, settings, params) ->
 *         ModelResponse.of(TextPart.of("temperature " + settings.temperature())));
 * }</pre>
 */
public final class FunctionModel implements Model {
    private final String name;
    private final SettingsFunction function;
    private final StreamHook hook;

    /** A model named {@code function} answering with {@code function}. */
    public FunctionModel(ModelFunction function) {
        this("function", function);
    }

    /** A model named {@code name} answering with {@code function}. */
    public FunctionModel(String name, ModelFunction function) {
        this(adapt(function), name, StreamHook.NONE);
    }

    private FunctionModel(SettingsFunction function, String name, StreamHook hook) {
        this.name = requireNonNull(name, "name");
        this.function = requireNonNull(function, "function");
        this.hook = requireNonNull(hook, "hook");
    }

    private static SettingsFunction adapt(ModelFunction function) {
        requireNonNull(function, "function");
        return (messages, settings, parameters) -> function.respond(messages, parameters);
    }

    /** A model named {@code function} whose lambda also receives the request's {@link ModelSettings}. */
    public static FunctionModel withSettings(SettingsFunction function) {
        return new FunctionModel(function, "function", StreamHook.NONE);
    }

    /** This model's function under another name (the name agents and prices see). */
    public FunctionModel named(String newName) {
        return new FunctionModel(function, newName, hook);
    }

    /** This model with {@code hook} called before each event it streams (default: {@link StreamHook#NONE}). */
    public FunctionModel streaming(StreamHook hook) {
        return new FunctionModel(function, name, hook);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ModelResponse request(List<Message> messages, ModelSettings settings, ModelRequestParameters parameters) {
        List<Message> sent = List.copyOf(messages);
        ModelResponse response = function.respond(sent, settings, parameters);
        if (response == null) {
            throw new IllegalStateException("The function of FunctionModel '" + name
                    + "' returned null; return a ModelResponse (e.g. ModelResponse.of(TextPart.of(\"...\")))"
                    + " or throw a ModelException to simulate a failure");
        }
        return UsageEstimate.fillIn(sent, response);
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

    @Override
    public String toString() {
        return "FunctionModel[" + name + "]";
    }

    /** A {@link ModelFunction} that also receives the request's settings; see {@link #withSettings}. */
    @FunctionalInterface
    public interface SettingsFunction {
        /** Answers one request; as {@link ModelFunction#respond}, with the settings in the middle. */
        ModelResponse respond(List<Message> messages, ModelSettings settings, ModelRequestParameters parameters);
    }

    /**
     * Called by a streaming {@link TestModel} or {@code FunctionModel} before each event it reports, on
     * the requesting thread: a test can hold the stream between two deltas (a latch) to cancel, close or
     * kill the run mid-answer, or slow it down. An interrupt while the hook waits cancels the request.
     *
     * <pre>{@code
     * CountDownLatch midway = new CountDownLatch(1), resume = new CountDownLatch(1);
     * FunctionModel model = new FunctionModel((messages, params) -> ModelResponse.of(TextPart.of("a long answer")))
     *         .streaming((n, next) -> {
     *             if (n == 3) { midway.countDown(); resume.await(); }
     *         });
     * }</pre>
     */
    @FunctionalInterface
    public interface StreamHook {
        /** A hook that does nothing. */
        StreamHook NONE = (n, next) -> {};

        /**
         * Runs before event number {@code n} (from 0) of one request is reported.
         *
         * @param n how many events of this request were reported before
         * @param next the event about to be reported
         * @throws InterruptedException when the waiting thread is interrupted: the request is cancelled
         */
        void beforeEvent(int n, ModelStreamEvent next) throws InterruptedException;
    }
}

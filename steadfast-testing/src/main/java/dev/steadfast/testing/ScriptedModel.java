package dev.steadfast.testing;

import static java.util.Objects.requireNonNull;

import dev.steadfast.message.Message;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.ResponsePart;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.model.Model;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.testing.internal.UsageEstimate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Model} that answers from a queue of replies you enqueue and records every request it
 * receives, in the manner of OkHttp's MockWebServer: script the conversation, run the code under
 * test, then take the requests and assert what the model was sent.
 *
 * <p>Each request consumes the next reply: a response, a failure to throw, or a
 * {@link ModelFunction} computing the response from the request. With no reply left the request
 * fails at once with an {@link AssertionError} that says how many replies were enqueued and shows
 * the last message received — the request is still recorded. Replies without usage get the same
 * deterministic estimate as {@link FunctionModel}. Safe to use from several threads.
 *
 * <pre>{@code
 * ScriptedModel model = new ScriptedModel()
 *         .enqueueToolCall("search", Map.of("query", "fsync"))
 *         .enqueueFailure(new RateLimitedException(429, "slow down", "", Duration.ofSeconds(1)))
 *         .enqueueText("fsync is the floor");
 *
 * // ... run the agent with the model ...
 *
 * assertThat(model.takeRequest().lastUserPrompt()).isEqualTo("What makes a write durable?");
 * assertThat(model.takeRequest().toolReturns()).hasSize(1);
 * }</pre>
 */
public final class ScriptedModel implements Model {
    private static final int MAX_SHOWN_CHARS = 2_000;

    private final String name;
    private final Object lock = new Object();
    private final Deque<ModelFunction> replies = new ArrayDeque<>();
    private final BlockingQueue<RecordedRequest> recorded = new LinkedBlockingQueue<>();
    private int enqueued;
    private int consumed;
    private int received;
    private int taken;

    /** A scripted model named {@code scripted}. */
    public ScriptedModel() {
        this("scripted");
    }

    /** A scripted model with the given name (the name agents and prices see). */
    public ScriptedModel(String name) {
        this.name = requireNonNull(name, "name");
    }

    /** Queues {@code response} as the next reply. */
    public ScriptedModel enqueue(ModelResponse response) {
        requireNonNull(response, "response");
        return enqueue((messages, parameters) -> response);
    }

    /** Queues a response made of {@code parts} as the next reply. */
    public ScriptedModel enqueue(ResponsePart... parts) {
        return enqueue(ModelResponse.of(parts));
    }

    /** Queues a reply computed from the request it answers. */
    public ScriptedModel enqueue(ModelFunction reply) {
        requireNonNull(reply, "reply");
        synchronized (lock) {
            replies.addLast(reply);
            enqueued++;
        }
        return this;
    }

    /** Queues a plain text answer. */
    public ScriptedModel enqueueText(String text) {
        return enqueue(TextPart.of(text));
    }

    /** Queues one tool call; {@code args} as in {@link ToolCallPart#of(String, Object)} (an object or a JSON string). */
    public ScriptedModel enqueueToolCall(String toolName, Object args) {
        return enqueue(ToolCallPart.of(toolName, args));
    }

    /** Queues a failure: the request that takes this reply throws {@code failure} (e.g. a {@code RateLimitedException}). */
    public ScriptedModel enqueueFailure(RuntimeException failure) {
        requireNonNull(failure, "failure");
        return enqueue((messages, parameters) -> {
            throw failure;
        });
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ModelResponse request(List<Message> messages, ModelSettings settings, ModelRequestParameters parameters) {
        List<Message> sent = List.copyOf(messages);
        ModelFunction reply;
        int sequence;
        int enqueuedNow;
        int consumedNow;
        synchronized (lock) {
            sequence = ++received;
            // recorded under the lock so the queue order is the arrival order
            recorded.add(new RecordedRequest(sequence, sent, settings, parameters));
            reply = replies.pollFirst();
            if (reply != null) {
                consumed++;
            }
            enqueuedNow = enqueued;
            consumedNow = consumed;
        }
        if (reply == null) {
            throw new AssertionError("ScriptedModel '" + name + "' has no reply for request #" + sequence + ": "
                    + enqueuedNow + " replies were enqueued and " + consumedNow + " consumed. Enqueue one more"
                    + " (enqueueText, enqueueToolCall, enqueue) before the code under test makes this request."
                    + " Last message received: " + lastMessage(sent));
        }
        ModelResponse response = reply.respond(sent, parameters);
        if (response == null) {
            throw new IllegalStateException("A reply enqueued on ScriptedModel '" + name + "' returned null for request #"
                    + sequence + "; return a ModelResponse or throw an exception");
        }
        return UsageEstimate.fillIn(sent, response);
    }

    /**
     * The oldest request not yet taken, in the order requests arrived.
     *
     * @throws AssertionError when every request received so far has been taken; never blocks
     */
    public RecordedRequest takeRequest() {
        RecordedRequest r = recorded.poll();
        if (r == null) {
            throw noRequest("");
        }
        countTaken();
        return r;
    }

    /**
     * The oldest request not yet taken, waiting up to {@code timeout} for one to arrive (for code
     * under test that calls the model from another thread).
     *
     * @throws AssertionError when none arrives in time
     */
    public RecordedRequest takeRequest(Duration timeout) {
        requireNonNull(timeout, "timeout");
        RecordedRequest r;
        try {
            r = recorded.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for a request to ScriptedModel '" + name + "'", e);
        }
        if (r == null) {
            throw noRequest(" within " + timeout);
        }
        countTaken();
        return r;
    }

    /** How many requests this model has received, failed ones included. */
    public int requestCount() {
        synchronized (lock) {
            return received;
        }
    }

    /** How many enqueued replies no request has consumed yet. */
    public int pendingReplies() {
        synchronized (lock) {
            return replies.size();
        }
    }

    private void countTaken() {
        synchronized (lock) {
            taken++;
        }
    }

    private AssertionError noRequest(String within) {
        synchronized (lock) {
            return new AssertionError("No request to take from ScriptedModel '" + name + "'" + within + ": "
                    + received + " received, " + taken + " already taken. Did the code under test call the model"
                    + " (and with this model instance)?");
        }
    }

    private static String lastMessage(List<Message> messages) {
        if (messages.isEmpty()) {
            return "none (the message list was empty)";
        }
        String json = Messages.toJson(messages.subList(messages.size() - 1, messages.size()));
        json = json.substring(1, json.length() - 1); // the message, not a one-element list
        return json.length() <= MAX_SHOWN_CHARS ? json : json.substring(0, MAX_SHOWN_CHARS) + "… (truncated)";
    }

    @Override
    public String toString() {
        return "ScriptedModel[" + name + ", " + pendingReplies() + " replies pending]";
    }
}

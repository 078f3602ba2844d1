package dev.steadfast.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.SteadfastException;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.agent.AgentStream;
import dev.steadfast.agent.RunOptions;
import dev.steadfast.model.OutputMode;
import dev.steadfast.stream.AgentEvent;
import dev.steadfast.stream.internal.EventQueue;
import dev.steadfast.stream.internal.EventViews;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;

/**
 * An agent run on a virtual thread of its own whose loop reports to an {@link EventQueue}: the reader
 * paces it (backpressure), and closing the queue interrupts the thread, which cancels the model request
 * in flight (the queue also refuses the loop's next event with a cancellation no retry repeats).
 */
public final class StreamedRun<D, O> implements AgentStream<O> {
    private final AgentConfig<D, O> config;
    private final EventQueue<AgentEvent> queue;
    private final CompletableFuture<AgentResult<O>> result = new CompletableFuture<>();
    private final Thread thread;

    private StreamedRun(AgentConfig<D, O> config, RunOptions<D> options, String prompt) {
        this.config = config;
        this.queue = new EventQueue<>("streamed run of agent " + config.name(), EventQueue.CAPACITY, this::cancel);
        this.thread =
                Thread.ofVirtual().name("steadfast-stream-" + config.name()).unstarted(() -> run(options, prompt));
    }

    /** Starts a run of the agent on {@code prompt} (or, when it is {@code null}, continuing the history). */
    public static <D, O> StreamedRun<D, O> start(AgentConfig<D, O> config, RunOptions<D> options, String prompt) {
        var run = new StreamedRun<>(config, options, prompt);
        run.thread.start();
        return run;
    }

    private void run(RunOptions<D> options, String prompt) {
        try {
            AgentResult<O> r = new AgentLoop<>(config, options, queue::put).run(prompt);
            result.complete(r);
            queue.put(new AgentEvent.FinalResult(r.output()));
            queue.end();
        } catch (Throwable t) {
            result.completeExceptionally(t);
            queue.fail(t);
        }
    }

    private void cancel() {
        thread.interrupt();
    }

    @Override
    public Iterator<AgentEvent> iterator() {
        return queue.iterator();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super AgentEvent> subscriber) {
        queue.subscribe(subscriber);
    }

    @Override
    public void close() {
        queue.close();
    }

    @Override
    public Iterable<String> textDeltas() {
        return EventViews.textDeltas(queue);
    }

    @Override
    public Iterable<JsonNode> partialOutput() {
        var output = config.output();
        boolean textOutput = output.isText() || output.mode() != OutputMode.TOOL;
        return EventViews.partialOutput(queue, textOutput, output.isText(), output::isOutputTool);
    }

    @Override
    public AgentResult<O> result() {
        queue.skipRest(); // unread events would hold the run at a full buffer; whoever waits for the result reads no
        // more
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw EventQueue.unchecked(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SteadfastException(
                    "Interrupted while waiting for the streamed run of agent '" + config.name() + "'", e);
        }
    }

    @Override
    public String toString() {
        return "AgentStream[" + config.name() + "]";
    }
}

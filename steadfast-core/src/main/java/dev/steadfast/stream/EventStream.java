package dev.steadfast.stream;

import java.util.Iterator;
import java.util.concurrent.Flow;

/**
 * A stream of events that is read once: iterate it (a blocking iterator; {@code hasNext} waits for the
 * next event and is {@code false} at the end), or hand it to one {@link Flow.Subscriber}, which
 * receives events as it requests them. Closing it stops the stream and what feeds it (a streamed run
 * is cancelled; a subscription to a durable run ends, the run goes on). A failure of what feeds it
 * is thrown from the iterator, or delivered to {@code onError}.
 *
 * <p>It bridges to Reactor with {@code JdkFlowAdapter} (reactor-core) and to RxJava with
 * {@code FlowAdapters}:
 *
 * <pre>{@code
 * Flux<AgentEvent> flux = JdkFlowAdapter.flowPublisherToFlux(agent.runStream("Hi"));
 * flux.ofType(AgentEvent.TextDelta.class).map(AgentEvent.TextDelta::text).subscribe(System.out::print);
 * }</pre>
 *
 * @param <E> the event type
 */
public interface EventStream<E> extends Iterable<E>, Flow.Publisher<E>, AutoCloseable {
    /**
     * The events, read as they come; the stream can be iterated (or subscribed to) once.
     *
     * @throws IllegalStateException when the stream was already iterated or subscribed to
     */
    @Override
    Iterator<E> iterator();

    /**
     * Delivers the events to {@code subscriber} on a thread of the stream's, as it requests them;
     * cancelling the subscription closes the stream. A second subscriber gets {@code onError}.
     */
    @Override
    void subscribe(Flow.Subscriber<? super E> subscriber);

    /** Stops the stream and what feeds it; events not yet read are dropped. Idempotent. */
    @Override
    void close();
}

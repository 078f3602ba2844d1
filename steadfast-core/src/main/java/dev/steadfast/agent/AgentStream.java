package dev.steadfast.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.stream.AgentEvent;
import dev.steadfast.stream.EventStream;

/**
 * A streamed agent run ({@link Agent#runStream}): its {@link AgentEvent}s as they happen, read once —
 * by iterating it, by one {@link java.util.concurrent.Flow.Subscriber}, or through one of its views
 * ({@link #textDeltas()}, {@link #partialOutput()}) — and its {@link #result()}. Closing it cancels the
 * run: the model request in flight is cancelled and no further step starts.
 *
 * <p>The run buffers 256 events ahead of its
 * reader and then waits for it (see the {@link dev.steadfast.stream package documentation}), so a slow
 * reader slows the run and never loses an event.
 *
 * <pre>{@code
 * try (AgentStream<String> stream = agent.runStream("Explain write-ahead logging")) {
 *     stream.textDeltas().forEach(System.out::print);
 *     System.out.println("\n" + stream.result().usage());
 * }
 *
 * // the output record as it fills in (validated only at the end, in result())
 * try (AgentStream<Summary> stream = summarizer.runStream("Summarise", deps)) {
 *     for (JsonNode partial : stream.partialOutput()) {
 *         render(partial.path("title").asText(""), partial.path("points"));
 *     }
 *     Summary summary = stream.result().output();
 * }
 *
 * // Reactor
 * Flux<AgentEvent> events = JdkFlowAdapter.flowPublisherToFlux(agent.runStream("Hi"));
 * }</pre>
 *
 * @param <O> the run's output type
 */
public interface AgentStream<O> extends EventStream<AgentEvent> {
    /**
     * Only the text the model writes, delta by delta (every response's text parts, the final answer's
     * included). After an {@link AgentEvent.AttemptDiscarded} the retried request's text follows: a
     * view that must never show a discarded attempt reads the events instead.
     */
    Iterable<String> textDeltas();

    /**
     * The output as it fills in: after each delta of the output (the output tool's arguments, or the
     * final text in text and JSON-text output modes), the value read so far — objects with the fields
     * whose values are complete or, for strings, begun; a number or literal appears once whole. A new
     * value is reported only when it differs from the last. Nothing here is validated: the output is
     * {@link #result()}'s.
     */
    Iterable<JsonNode> partialOutput();

    /**
     * Waits for the run to end and returns its result; events not read yet are dropped (read them first
     * to see them).
     *
     * @throws RuntimeException the run's failure, as {@link Agent#run} would throw it
     */
    AgentResult<O> result();
}

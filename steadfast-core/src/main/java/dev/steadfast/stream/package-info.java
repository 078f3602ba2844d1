/**
 * Streaming: what a run reports while it runs ({@link dev.steadfast.stream.AgentEvent}), the
 * read-once {@link dev.steadfast.stream.EventStream} that carries it (iterate it or subscribe with
 * {@code java.util.concurrent.Flow}), and, for durable runs, {@link dev.steadfast.stream.RunEvent}s
 * with the {@link dev.steadfast.stream.StreamCursor} a subscriber resumes from.
 *
 * <p><b>Slow readers.</b> A plain streamed run ({@code Agent.runStream}) buffers up to 256 events; when
 * the reader falls that far behind, the run waits for it (backpressure), so no event is ever dropped
 * or merged. A reader that stops reading holds the run until it closes the stream, which cancels the
 * run. A durable run never waits for its subscribers: each follows the run at its own pace and one
 * that falls behind catches up from the run's journal and live step (text deltas it missed arrive
 * joined into fewer, larger deltas), so nothing is lost and the run is never slowed.
 */
package dev.steadfast.stream;

package dev.steadfast.testing;

import dev.steadfast.model.ModelStreamEvent;

/**
 * Called by a streaming {@link TestModel} or {@link FunctionModel} before each event it reports, on
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

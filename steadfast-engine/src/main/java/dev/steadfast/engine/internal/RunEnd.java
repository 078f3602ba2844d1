package dev.steadfast.engine.internal;

import dev.steadfast.run.RunStatus;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Where callers of {@code result()} wait for one run to end in this engine, and how it ended: its
 * row as {@code finishRun} wrote it, so a waiter need not read it back.
 */
final class RunEnd {
    /** A run's status, output JSON and error JSON, as its row holds them (an end, once the status is terminal). */
    record Ended(RunStatus status, String output, String error) {}

    private final CountDownLatch latch = new CountDownLatch(1);
    private volatile Ended ended;

    /** Records how the run ended (after it is durable) and wakes every waiter. */
    void end(Ended how) {
        ended = how;
        latch.countDown();
    }

    /** Waits at most {@code millis} for the run to end here; how it ended, or {@code null} when it has not. */
    Ended await(long millis) throws InterruptedException {
        latch.await(millis, TimeUnit.MILLISECONDS);
        return ended;
    }
}

package dev.steadfast.temporal.internal;

import io.temporal.common.converter.DataConverter;
import java.time.Duration;

/**
 * What the workflow and activity code of one engine share.
 *
 * @param taskQueue the queue agent activities are scheduled on
 * @param converter the engine's data converter (payload sizes are measured with it)
 * @param maxPayloadBytes the largest payload Temporal accepts, in bytes
 * @param inlineConversationBytes conversations up to this size travel inside agent activity inputs
 * @param processQueue this engine's own task queue: {@code atMostOnce} steps run there, in the process that
 *     registered their body
 * @param heartbeat how soon a worker that stopped heartbeating an activity is given up on
 */
public record WorkerSettings(String taskQueue, DataConverter converter, long maxPayloadBytes, long inlineConversationBytes,
                             String processQueue, Duration heartbeat) {
    /** Throws {@link dev.steadfast.error.PayloadTooLargeException} when {@code value} would not fit. */
    void checkSize(Object value, String what) {
        long bytes = converter.toPayload(value).map(p -> (long) p.getSerializedSize()).orElse(0L);
        if (bytes > maxPayloadBytes) {
            throw new dev.steadfast.error.PayloadTooLargeException(what, bytes, maxPayloadBytes);
        }
    }
}

package dev.steadfast.error;

/**
 * A step input, step result or run output is larger than the engine's payload limit (2 MiB by default
 * on both engines: Temporal's own limit, and the embedded engine's so code moves between them
 * unchanged). The step or run fails at once instead of being retried. Keep large data outside the run
 * (a blob store, a file) and pass a reference, or raise the builder's {@code maxPayloadBytes(..)}.
 */
public class PayloadTooLargeException extends PayloadException {
    private final long bytes;
    private final long limit;

    /**
     * @param what what the value is ("The result of step 3 'fetch'")
     * @param bytes its size as the engine would store it
     * @param limit the engine's limit
     */
    public PayloadTooLargeException(String what, long bytes, long limit) {
        super(what + " is " + bytes + " bytes, over the engine's payload limit of " + limit + " bytes. Keep large"
                + " data outside the run (a blob store, a file) and pass a reference, or raise the engine builder's"
                + " maxPayloadBytes(..) if your storage allows more");
        this.bytes = bytes;
        this.limit = limit;
    }

    /** The value's size in bytes. */
    public long bytes() {
        return bytes;
    }

    /** The limit it passed, in bytes. */
    public long limit() {
        return limit;
    }
}

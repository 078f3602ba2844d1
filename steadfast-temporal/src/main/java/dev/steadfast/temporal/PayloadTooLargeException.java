package dev.steadfast.temporal;

import dev.steadfast.SteadfastException;

/**
 * A step input, step result or run output is larger than Temporal accepts in one payload (2 MB by
 * default). Temporal would refuse it when the workflow task or activity completes and try again
 * forever; the engine checks first and fails the step or run with this error, which is never
 * retried. Keep large data outside the run (a blob store) and pass a reference.
 */
public class PayloadTooLargeException extends SteadfastException {
    public PayloadTooLargeException(String what, long bytes, long limit) {
        super(what + " is " + bytes + " bytes as a Temporal payload, over the limit of " + limit
                + " bytes; Temporal would reject it. Keep large data outside the run (a blob store, a file)"
                + " and pass a reference, or raise TemporalEngine.builder().payloadLimit(..) if your server allows more");
    }
}

package dev.steadfast.error;

import dev.steadfast.SteadfastException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * {@code WorkflowHandle.result(timeout)} gave up waiting: the run had not ended. The run itself goes
 * on; call {@code result} again, or follow it with {@code describe}.
 */
public class ResultTimeoutException extends SteadfastException {
    private final String workflowId;

    public ResultTimeoutException(String workflowId, Duration waited) {
        super("Run '" + workflowId + "' has not ended after " + waited + "; it goes on, and result() may be called again",
                new TimeoutException("waited " + waited));
        this.workflowId = workflowId;
    }

    /** The run that is still going. */
    public String workflowId() {
        return workflowId;
    }
}
